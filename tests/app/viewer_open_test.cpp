// Opening files in the window (the File panel's Open, or a file dropped on it), run inline as the
// headless viewer does: a picture turns the viewer into the Vision Transformer view of it, with
// attnviz's own patch heads computed by the worker; a model's attention file then leaves it.
#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include "app_fixture.hpp"
#include "io/image_file.hpp"
#include "io/npy.hpp"

namespace {

std::filesystem::path asset(const char* name) {
  return std::filesystem::path(ATTNVIZ_SOURCE_DIR) / "assets" / name;
}

// Frames until the worker's result is in the scene (the worker runs on its own thread).
void settle(app::Viewer& viewer, apptest::FakeWindow& window) {
  for (int i = 0; i < 200 && (viewer.worker().busy() || !viewer.state().result); ++i) {
    viewer.worker().waitIdle();
    window.frame(viewer);
  }
  window.frame(viewer);
}

}  // namespace

TEST_CASE("opening a picture in the app shows its patch attention; a model file leaves it") {
  apptest::context();
  apptest::FakeWindow window;
  app::Viewer viewer(apptest::demoCommandLine(), true, attn::makeInputs);
  viewer.submit();
  settle(viewer, window);
  const ui::AppState& state = viewer.state();
  REQUIRE(state.result);
  CHECK_FALSE(state.image);
  CHECK(state.result->n == 11);  // the demo sentence

  viewer.openFile(asset("shapes.png").string());
  settle(viewer, window);
  REQUIRE(state.image);
  CHECK(std::filesystem::path(state.image_path).filename() == "shapes.png");
  REQUIRE(state.result);
  const int p = state.params.patch.patches;
  CHECK(state.result->n == p * p + (state.params.patch.cls ? 1 : 0));
  CHECK(state.bar_count == static_cast<size_t>(state.result->n));  // a bar per patch, and CLS

  // A file that cannot be read leaves the picture view as it was, saying why.
  viewer.openFile((std::filesystem::temp_directory_path() / "attnviz_no_such.png").string());
  window.frame(viewer);
  CHECK(state.image);
  CHECK(state.file.error.find("attnviz_no_such.png") != std::string::npos);

  // A model's attention file replaces the picture view.
  io::NamedArrays arrays;
  arrays.add("attentions", io::Array::floats({2, 3, 3}, std::vector<float>(18, 1.0f / 3.0f)));
  const auto path = std::filesystem::temp_directory_path() / "attnviz_open_test.npz";
  io::saveNpz(path, arrays);
  viewer.openFile(path.string());
  window.frame(viewer);
  CHECK_FALSE(state.image);
  REQUIRE(state.file.open);
  REQUIRE(state.result);
  CHECK(state.result->n == 3);
  std::filesystem::remove(path);
}

TEST_CASE("the picture view goes back to the generated model") {
  apptest::context();
  apptest::FakeWindow window;
  // Started on a picture, as `attnviz view PICTURE` does: the worker embeds its patches.
  const auto picture =
      std::make_shared<const core::Image>(io::loadImage(asset("landscape.png").string()));
  app::Viewer viewer(apptest::demoCommandLine(), true, attn::makeInputs, picture);
  viewer.submit();
  settle(viewer, window);
  const ui::AppState& state = viewer.state();
  REQUIRE(state.image);
  REQUIRE(state.result);
  const int p = state.params.patch.patches;
  CHECK(state.result->n == p * p + (state.params.patch.cls ? 1 : 0));

  viewer.closeFile();  // the ViT panel's "back to the generated model"
  settle(viewer, window);
  CHECK_FALSE(state.image);
  CHECK(state.image_path.empty());
  REQUIRE(state.result);
  CHECK(state.result->n == 11);  // the demo sentence, computed again
  app::Viewer demo(apptest::demoCommandLine(), true, attn::makeInputs);
  demo.submit();
  settle(demo, window);
  CHECK(state.bar_count == demo.state().bar_count);  // the demo's scene
  CHECK(state.arrow_count == demo.state().arrow_count);
}
