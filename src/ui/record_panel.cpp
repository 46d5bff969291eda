// Record panel: what to record (state.record.settings) and the Record/Stop button. The app runs
// the recording (one frame per UI frame, offscreen at the chosen size) and reports progress here.
// [SECTION] Helpers
// [SECTION] Output: path, format, size, fps, range, options
// [SECTION] Camera: turntable and keyframes
// [SECTION] Panel
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/error.hpp"
#include "scene/camera_path.hpp"
#include "ui/panel_util.hpp"
#include "ui/panels.hpp"

namespace ui {

// [SECTION] Helpers

std::string withOutputKind(const std::string& out, record::OutputKind kind) {
  std::string base = out;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  for (const char* ending : {".mp4", ".MP4", ".gif", ".GIF"}) {
    if (base.ends_with(ending)) base.resize(base.size() - 4);
  }
  if (base.empty()) base = "attnviz_recording";
  switch (kind) {
    case record::OutputKind::PngSequence:
      return base + "/";
    case record::OutputKind::Mp4:
      return base + ".mp4";
    case record::OutputKind::Gif:
      return base + ".gif";
  }
  return out;
}

void addCurrentView(AppState& state) {
  scene::addKey(state.record.settings.camera.keys, {state.view.time, scene::poseOf(state.camera)});
}

namespace {

constexpr float kRadToDeg = 57.2957795f;

// The format the path names, or nothing when it names none.
std::optional<record::OutputKind> kindOf(const std::string& out) {
  try {
    return record::outputKind(out);
  } catch (const core::Error&) {
    return std::nullopt;
  }
}

// [SECTION] Output: path, format, size, fps, range, options

void outputSection(RecordUi& r, bool sweep) {
  record::Settings& s = r.settings;
  char path[512];
  std::snprintf(path, sizeof path, "%s", s.out.c_str());
  if (ImGui::InputText("output", path, sizeof path)) s.out = path;
  detail::helpMarker(
      "A directory (ending in /) for PNG frames frame_000000.png, ... and manifest.json "
      "(created, or empty); FILE.mp4 for H.264; FILE.gif for a GIF. MP4 and GIF need ffmpeg.");

  const std::optional<record::OutputKind> kind = kindOf(s.out);
  int format = kind ? static_cast<int>(*kind) : -1;
  bool pick =
      ImGui::RadioButton("PNG frames", &format, static_cast<int>(record::OutputKind::PngSequence));
  ImGui::SameLine();
  pick |= ImGui::RadioButton("MP4", &format, static_cast<int>(record::OutputKind::Mp4));
  ImGui::SameLine();
  pick |= ImGui::RadioButton("GIF", &format, static_cast<int>(record::OutputKind::Gif));
  if (pick) s.out = withOutputKind(s.out, static_cast<record::OutputKind>(format));
  if (!kind) ImGui::TextColored(detail::kErrorColor, "unknown format: use DIR/, .mp4 or .gif");

  // Size: a preset fills width and height, which can also be typed (custom).
  const SizePreset* current = nullptr;
  for (const SizePreset& p : kRecordSizes) {
    if (p.width == s.width && p.height == s.height) current = &p;
  }
  if (ImGui::BeginCombo("size", current ? current->name : "custom")) {
    for (const SizePreset& p : kRecordSizes) {
      if (ImGui::Selectable(p.name, &p == current)) {
        s.width = p.width;
        s.height = p.height;
      }
    }
    ImGui::EndCombo();
  }
  int size[2] = {s.width, s.height};
  if (ImGui::InputInt2("width, height", size)) {
    s.width = std::clamp(size[0], 16, 16384);
    s.height = std::clamp(size[1], 16, 16384);
  }
  if (ImGui::InputInt("fps", &s.fps, 1, 10)) s.fps = std::clamp(s.fps, 1, 240);

  int whole = r.whole_animation ? 1 : 0;
  // The picture view's animation is the query sweeping the patches.
  ImGui::RadioButton(sweep ? "whole sweep" : "whole animation", &whole, 1);
  ImGui::SameLine();
  ImGui::RadioButton("part", &whole, 0);
  r.whole_animation = whole == 1;
  const auto duration = static_cast<float>(r.animation_duration);
  if (r.whole_animation) {
    ImGui::SameLine();
    ImGui::TextColored(detail::kNoteColor, "%.1f s", static_cast<double>(duration));
    s.range = {};
  } else {
    float range[2] = {static_cast<float>(s.range.start),
                      static_cast<float>(s.range.end.value_or(r.animation_duration))};
    ImGui::DragFloat2("start, end (s)", range, 0.05f, 0.0f, std::max(duration, 0.1f), "%.2f");
    range[0] = std::max(range[0], 0.0f);
    range[1] = std::max(range[1], range[0]);
    s.range = {.start = range[0], .end = range[1]};
  }

  ImGui::Checkbox("with panels", &s.ui);
  ImGui::SameLine();
  const bool png = kind == record::OutputKind::PngSequence;
  ImGui::BeginDisabled(!png);
  bool transparent = png && s.transparent;
  if (ImGui::Checkbox("transparent", &transparent)) s.transparent = transparent;
  ImGui::EndDisabled();
  if (!png) s.transparent = false;
}

// [SECTION] Camera: turntable and keyframes

void cameraSection(AppState& state) {
  scene::CameraMotion& motion = state.record.settings.camera;
  ImGui::SliderFloat("turntable", &motion.turntable_degrees, -720.0f, 720.0f, "%.0f deg");
  detail::helpMarker(
      "Turns the camera about the scene's centre by this many degrees over the "
      "recording (360: one turn that loops).");

  if (ImGui::Button("add current view")) addCurrentView(state);
  ImGui::SameLine();
  ImGui::TextColored(detail::kNoteColor, "at t = %.2f s", state.view.time);
  if (motion.keys.empty()) {
    ImGui::TextColored(detail::kNoteColor, "No keyframes: the camera stays as it is.");
    return;
  }
  ImGui::SameLine();
  if (ImGui::SmallButton("clear")) motion.keys.clear();
  std::optional<size_t> remove;
  constexpr ImGuiTableFlags kFlags =
      ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (ImGui::BeginTable("keys", 5, kFlags)) {
    ImGui::TableSetupColumn("t (s)");
    ImGui::TableSetupColumn("yaw");
    ImGui::TableSetupColumn("pitch");
    ImGui::TableSetupColumn("distance", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("");
    ImGui::TableHeadersRow();
    for (size_t k = 0; k < motion.keys.size(); ++k) {
      const scene::CameraKey& key = motion.keys[k];
      ImGui::PushID(static_cast<int>(k));
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%.2f", key.time);
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", static_cast<double>(key.pose.yaw * kRadToDeg));
      ImGui::TableNextColumn();
      ImGui::Text("%.0f", static_cast<double>(key.pose.pitch * kRadToDeg));
      ImGui::TableNextColumn();
      ImGui::Text("%.3g", static_cast<double>(key.pose.distance));
      ImGui::TableNextColumn();
      if (ImGui::SmallButton("x")) remove = k;
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  if (remove) motion.keys.erase(motion.keys.begin() + static_cast<std::ptrdiff_t>(*remove));
}

}  // namespace

// [SECTION] Panel

bool drawRecordPanel(AppState& state) {
  detail::placeRightPanel(detail::RightPanel::Record);
  // Folded until wanted: open, it would cover the colour legend in the bottom right corner.
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Record")) {
    ImGui::End();
    return false;
  }
  RecordUi& r = state.record;
  // The button first: it stays where the mouse expects it, whatever the panel holds below.
  if (r.active) {
    if (ImGui::Button("Stop")) r.stop = true;
    ImGui::SameLine();
    const record::Progress& p = r.progress;
    char text[64];
    std::snprintf(text, sizeof text, "%d/%d  %.1f fps", p.done, p.total, p.fps());
    ImGui::ProgressBar(
        p.total > 0 ? static_cast<float>(p.done) / static_cast<float>(p.total) : 0.0f,
        {-1.0f, 0.0f}, text);
  } else if (ImGui::Button("Record")) {
    r.start = true;
  }
  if (!r.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, r.failed ? detail::kErrorColor : detail::kNoteColor);
    ImGui::TextWrapped("%s", r.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
  ImGui::BeginDisabled(r.active);  // a recording keeps the settings it started with
  outputSection(r, state.image != nullptr);
  ImGui::Separator();
  cameraSection(state);
  ImGui::EndDisabled();
  ImGui::End();
  return false;
}

}  // namespace ui
