// The ui module in one include, and the order the app calls it in. ui never touches GL or GLFW:
// the app owns the ImGui context and its platform/renderer backends.
//
// Once, after ImGui::CreateContext():
//   ui::applyStyle(scale); ui::loadFonts(scale);          // scale: the monitor's content scale
//   ini = ui::layoutIniPath(); io.IniFilename = ini.empty() ? nullptr : ini.c_str();
//   then the backends' Init (the OpenGL3 backend builds the font texture from loadFonts' atlas)
//
// Each frame:
//   1. backends' NewFrame, ImGui::NewFrame()
//   2. take a finished computation: state.result / error / kernel_ms; state.computing = busy()
//   3. auto changes = ui::drawPanels(state);              // or the draw*Panel functions one by one
//      changes.recompute → worker.submit(state.params)
//   4. view_changed = ui::handleSceneInput(state, scene, layout);   // camera, hover, probes, keys
//   5. if changes.rebuild || view_changed || a new result: scene = scene::build(*state.result,
//      state.view, ++revision, layout); state.bar_count / arrow_count
//      (the camera needs no rebuild: pass state.camera.view()/projection() to the renderer)
//   6. ui::drawOverlay(state, scene, layout, hints);      // labels, legend, tooltip, marks
//   7. ImGui::Render(); draw the scene, then ImGui's draw data on top; state.frame_ms and
//      state.lod_active (the renderer's path may follow the camera)
#pragma once

#include "ui/app_state.hpp"
#include "ui/cell_info.hpp"
#include "ui/input.hpp"
#include "ui/overlay.hpp"
#include "ui/panels.hpp"
#include "ui/style.hpp"
