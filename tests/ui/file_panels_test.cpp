// A model file in the ui, headless: the File panel (path field, recent files, description,
// warnings, errors), the file-mode Model panel, the recent-files list, glyphs for the tokens of
// other scripts, and the keys and clicks that walk layers, heads and the overview.
#include <doctest/doctest.h>

#include <imgui_internal.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "scene/overview.hpp"
#include "scene/picking.hpp"
#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui/playback.hpp"
#include "ui/recent_files.hpp"
#include "ui/style.hpp"
#include "ui_fixture.hpp"

using ui_test::ImGuiFixture;

namespace {

// A 2-layer, 3-head model of 4 tokens with q/k/v absent (the common HuggingFace dump).
std::shared_ptr<const ui::OpenFile> openFile(bool qk = false) {
  attn::ModelAttention m;
  m.layers = 2;
  m.heads = 3;
  m.n = m.m = 4;
  for (int k = 0; k < 2 * 3 * 4 * 4; ++k)
    m.weights.push_back(0.25f + 0.001f * static_cast<float>(k % 7));
  m.tokens = {"\xce\xb1\xce\xb2", "\xd0\xb6\xd0\xb8", "caf\xc3\xa9",
              "\xe7\x8c\xab"};  // αβ жи café 猫
  if (qk) {
    m.d_k = 2;
    m.q.assign(2 * 3 * 4 * 2, 0.5f);
    m.k.assign(2 * 3 * 4 * 2, 0.5f);
  }
  m.source_file = "/data/model.npz";
  auto f = std::make_shared<ui::OpenFile>();
  f->path = "/data/model.npz";
  f->model = std::make_shared<const attn::ModelAttention>(std::move(m));
  f->description = "attentions [L, H, N, M] = [2, 3, 4, 4]";
  f->warnings = {"attentions: 5 rows do not sum to 1"};
  f->bytes = 384;
  return f;
}

int windowVertices(const char* name) {
  const ImGuiWindow* w = ImGui::FindWindowByName(name);
  return w != nullptr && w->Active ? w->DrawList->VtxBuffer.Size : 0;
}

// A click at `p` over three frames (move, press, release).
void click(ImGuiFixture& gui, ImVec2 p, const std::function<void()>& body) {
  gui.mouse(p);
  gui.frame(body);
  gui.mouse(p, true);
  gui.frame(body);
  gui.mouse(p);
  gui.frame(body);
}

}  // namespace

TEST_CASE("the File panel draws without and with a file, and reports no change at rest") {
  ImGuiFixture gui;
  ui::AppState state;
  state.file.recent = {"/data/a.npz", "/data/b.safetensors"};
  for (int k = 0; k < 3; ++k) {
    gui.frame([&] {
      const ui::FileChanges c = ui::drawFilePanel(state);
      CHECK_FALSE(c.rebuild);
      CHECK(c.open.empty());
      CHECK_FALSE(c.close);
    });
  }
  const int empty = windowVertices("File");
  CHECK(empty > 80);
  state.file.open = openFile();
  state.file.error = "/data/bad.npz: truncated: the header declares 56 bytes but 32 follow";
  state.file.loading = "/data/next.npz";
  gui.frame([&] { ui::drawFilePanel(state); });
  gui.frame([&] { ui::drawFilePanel(state); });
  CHECK(windowVertices("File") > empty);  // description, warning, error, reading…
}

TEST_CASE("the File panel's Open button and a recent file ask the app to open them") {
  ImGuiFixture gui;
  ui::AppState state;
  state.file.path_input = "/data/typed.npz";
  state.file.recent = {"/data/recent.npz"};
  ui::FileChanges changes;
  auto body = [&] {
    const ui::FileChanges c = ui::drawFilePanel(state);
    if (!c.open.empty()) changes = c;
  };
  gui.frame(body);
  gui.frame(body);
  // Open: right of the path field on the first line.
  const ImGuiWindow* w = ImGui::FindWindowByName("File");
  REQUIRE(w != nullptr);
  const ImVec2 start = w->DC.CursorStartPos;
  const float f = ImGui::GetFontSize();
  click(gui, {w->Pos.x + w->Size.x - 2.0f * f, start.y + 0.5f * f}, body);
  CHECK(changes.open == "/data/typed.npz");
  // The recent file: the last line of the panel.
  changes = {};
  const float last = w->DC.CursorMaxPos.y - 0.5f * f;
  click(gui, {start.x + 2.0f * f, last}, body);
  CHECK(changes.open == "/data/recent.npz");
}

TEST_CASE("the file-mode Model panel: views, back to the generated model") {
  ImGuiFixture gui;
  ui::AppState state;
  state.file.open = openFile();
  ui::FileChanges changes;
  auto body = [&] {
    const ui::FileChanges c = ui::drawModelFilePanel(state);
    changes.rebuild |= c.rebuild;
    changes.close |= c.close;
  };
  gui.frame(body);
  gui.frame(body);
  CHECK_FALSE(changes.rebuild);
  CHECK(windowVertices("Model") > 200);
  // The last item is "back to the generated model".
  const ImGuiWindow* w = ImGui::FindWindowByName("Model");
  REQUIRE(w != nullptr);
  const float f = ImGui::GetFontSize();
  click(gui, {w->DC.CursorStartPos.x + 2.0f * f, w->DC.CursorMaxPos.y - 0.6f * f}, body);
  CHECK(changes.close);
  // drawPanels shows it in place of the generated inputs.
  ui::PanelChanges all;
  gui.frame([&] { all = ui::drawPanels(state); });
  CHECK_FALSE(all.recompute);
  CHECK(windowVertices("Model") > 200);
}

TEST_CASE("recent files: most recent first, no repeats, at most ten, kept on disk") {
  std::vector<std::string> files;
  ui::addRecentFile(files, "/a.npz");
  ui::addRecentFile(files, "/b.npz");
  ui::addRecentFile(files, "/a.npz");
  CHECK(files == std::vector<std::string>{"/a.npz", "/b.npz"});
  ui::addRecentFile(files, "");
  CHECK(files.size() == 2);
  for (int k = 0; k < 20; ++k)
    ui::addRecentFile(files, "/f" + std::to_string(k) + ".npz");
  CHECK(files.size() == ui::kMaxRecentFiles);
  CHECK(files.front() == "/f19.npz");

  const auto dir =
      std::filesystem::temp_directory_path() / ("attnviz_recent_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "recent_files").string();
  CHECK(ui::loadRecentFiles(path).empty());  // missing: empty, not an error
  REQUIRE(ui::saveRecentFiles(path, files));
  CHECK(ui::loadRecentFiles(path) == files);
  // Blank lines, repeats and Windows line ends are dropped; at most ten are read.
  {
    std::ofstream out(path);
    out << "/x.npz\r\n\n/y.npz\n/x.npz\n";
    for (int k = 0; k < 20; ++k)
      out << "/z" << k << ".npz\n";
  }
  const std::vector<std::string> read = ui::loadRecentFiles(path);
  CHECK(read.size() == ui::kMaxRecentFiles);
  CHECK(read[0] == "/x.npz");
  CHECK(read[1] == "/y.npz");
  CHECK(read[2] == "/z0.npz");
  CHECK_FALSE(ui::saveRecentFiles("", files));
  std::filesystem::remove_all(dir);

  // Next to the ImGui layout in the config directory.
  const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old_xdg != nullptr ? old_xdg : "";
  setenv("XDG_CONFIG_HOME", dir.c_str(), 1);
  CHECK(ui::recentFilesPath() == (dir / "attnviz" / "recent_files").string());
  std::filesystem::remove_all(dir);
  if (old_xdg != nullptr) {
    setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
  } else {
    unsetenv("XDG_CONFIG_HOME");
  }
}

TEST_CASE("glyphs for tokens in other scripts are added to the font atlas on demand") {
  ImGuiFixture gui;
  REQUIRE(ui::loadFonts(1.0f));  // fonts-dejavu-core (scripts/install_deps.sh)
  REQUIRE(std::filesystem::exists(ui::kFallbackFontPath));  // fonts-droid-fallback
  ImGui::GetIO().Fonts->Build();
  const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  CHECK(font->FindGlyphNoFallback(0x03B1) != nullptr);  // α: DejaVu, from the start
  CHECK(font->FindGlyphNoFallback(0x732B) == nullptr);  // 猫: not yet
  // Greek, Cyrillic and accents are there: nothing to add.
  CHECK_FALSE(
      ui::addGlyphs("\xce\xb1\xce\xb2 \xd0\xb6\xd0\xb8 caf\xc3\xa9 \xc5\x82\xc3\xb3"
                    "d\xc5\xba"));
  int width = 0, height = 0;
  unsigned char* pixels = nullptr;
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  const int before = width * height;
  // CJK from the fallback font: only the glyphs used.
  CHECK(
      ui::addGlyphs("\xe7\x8c\xab\xe3\x81\x8c\xe5\xba\xa7\xe3\x81\xa3\xe3\x81\x9f"));  // 猫が座った
  font = ImGui::GetIO().Fonts->Fonts[0];
  CHECK(font->FindGlyphNoFallback(0x732B) != nullptr);
  CHECK(font->FindGlyphNoFallback(0x304C) != nullptr);  // が
  CHECK(font->FindGlyphNoFallback(0x03B1) != nullptr);  // the base ranges stay
  CHECK(font->FindGlyphNoFallback(0x72AC) == nullptr);  // 犬: not asked for
  CHECK(font->FontSize == doctest::Approx(ui::kBaseFontSize));
  ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  CHECK(width * height <= 2 * before);         // a few glyphs, not a whole CJK range
  CHECK_FALSE(ui::addGlyphs("\xe7\x8c\xab"));  // already there
  gui.frame([&] { ImGui::Text("\xe7\x8c\xab \xce\xb1"); });
}

TEST_CASE("file keys: PageUp/PageDown layers, Left/Right through heads, mean and max, O overview") {
  ImGuiFixture gui;
  ImGuiIO& io = ImGui::GetIO();
  io.KeyMap[ImGuiKey_PageUp] = 266;
  io.KeyMap[ImGuiKey_PageDown] = 267;
  io.KeyMap[ImGuiKey_Enter] = 257;
  ui::AppState state;
  state.file.open = openFile();
  state.result =
      std::make_shared<const attn::Result>(attn::layerResult(*state.file.open->model, 0));
  scene::SceneData scene;
  scene::SceneLayout layout;
  bool changed = false;
  auto press = [&](int key) {
    gui.key(key, true);
    gui.frame([&] { changed = ui::handleSceneInput(state, scene, layout); });
    gui.key(key, false);
    gui.frame([&] { ui::handleSceneInput(state, scene, layout); });
  };
  press(267);
  CHECK(changed);
  CHECK(state.view.layer == 1);
  press(267);
  CHECK_FALSE(changed);  // the last layer
  press(266);
  CHECK(state.view.layer == 0);
  // Right: heads 1, 2, then the mean, then the max; Left walks back.
  const attn::HeadAggregate none = attn::HeadAggregate::None, mean = attn::HeadAggregate::Mean,
                            max = attn::HeadAggregate::Max;
  const std::pair<int, attn::HeadAggregate> steps[] = {{1, none}, {2, none}, {2, mean}, {2, max}};
  for (const auto& [head, aggregate] : steps) {
    press(262);
    CHECK(changed);
    CHECK(state.view.selected_head == head);
    CHECK(state.view.aggregate == aggregate);
  }
  press(262);
  CHECK_FALSE(changed);
  press(263);
  CHECK(state.view.aggregate == mean);
  press(263);
  CHECK(state.view.aggregate == none);
  CHECK(state.view.selected_head == 2);
  press('O');
  CHECK(state.view.model_view == scene::ModelView::Overview);
  press(257);  // Enter: the highlighted field as one layer
  CHECK(state.view.model_view == scene::ModelView::Layer);
  // Without q/k the animation is off, with a reason, and Space does nothing.
  CHECK_FALSE(ui::animationUnavailable(state).empty());
  press(32);
  CHECK_FALSE(state.view.animate);
}

TEST_CASE("a click on an overview field opens it as one layer, hover names the field") {
  ImGuiFixture gui;
  ui::AppState state;
  state.file.open = openFile();
  state.view.model_view = scene::ModelView::Overview;
  scene::SceneData scene;
  scene::SceneLayout layout;
  scene::buildOverview(*state.file.open->model, state.view, 1, scene, layout);
  state.camera.viewport = {1280.0f, 720.0f};
  state.camera.applyPreset(scene::ViewPreset::TopDown, scene.bounds_min, scene.bounds_max);
  // Cell (2, 2) of layer 1's mean field, on screen.
  const scene::FieldLayout* mean = nullptr;
  for (const scene::FieldLayout& f : layout.fields)
    if (f.layer == 1 && f.head == scene::kHeadMean) mean = &f;
  REQUIRE(mean != nullptr);
  const auto p =
      ui::projectPoint(state.camera, {mean->origin.x + 2.0f, 0.0f, mean->origin.y + 2.0f});
  REQUIRE(p);
  bool changed = false;
  auto body = [&] { changed |= ui::handleSceneInput(state, scene, layout); };
  gui.mouse(*p);
  gui.frame(body);
  REQUIRE(state.hover.cell);
  const std::vector<std::string> lines = ui::tooltipLines(state);
  REQUIRE(lines.size() >= 4);
  CHECK(lines[0] == "L1 mean");
  gui.mouse(*p, true);
  gui.frame(body);
  gui.mouse(*p);
  gui.frame(body);
  CHECK(changed);
  CHECK(state.view.model_view == scene::ModelView::Layer);
  CHECK(state.view.layer == 1);
  CHECK(state.view.aggregate == attn::HeadAggregate::Mean);
  CHECK(state.probes.empty());  // not pinned: the overview opens fields
}
