//===- Progress.h - Terminal progress bar -----------------------*- C++ -*-===//
//
// A one-line training progress bar redrawn in place with '\r', e.g.
//
//   epoch 1/3 [######..............] 120/468 loss 0.5123 12,345 samples/s
//   ETA 0:21
//
// (all on one line). Redraws are throttled to about 10 per second so that
// per-step updates cost nothing noticeable.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_PROGRESS_H
#define AICC_RUNTIME_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace aicc::rt {

/// Whether stderr is a terminal (the usual condition for enabling a bar).
bool stderrIsTerminal();

/// Renders the bar text (no '\r'): label, 20-character bar, step/total,
/// loss with 4 decimals, samples/s with thousands separators, and the ETA
/// as m:ss or h:mm:ss ("ETA --:--" when etaSeconds < 0).
std::string formatProgressLine(const std::string &label, int64_t step,
                               int64_t totalSteps, double loss,
                               double samplesPerSecond, double etaSeconds);

class ProgressBar {
public:
  /// Draws nothing at all when !enabled. `out` is for tests.
  ProgressBar(int64_t totalSteps, std::string label, bool enabled,
              std::FILE *out = stderr);

  /// Records progress after `step` of totalSteps steps. Redraws if at least
  /// 100 ms passed since the last redraw, or if step == totalSteps. The ETA
  /// extrapolates the time per step measured since construction.
  void update(int64_t step, double loss, double samplesPerSecond);

  /// Redraws the latest state (if an update was throttled) and ends the
  /// line. Called once; later updates are ignored.
  void finish();

private:
  void draw();

  using Clock = std::chrono::steady_clock;
  int64_t totalSteps_;
  std::string label_;
  bool enabled_;
  std::FILE *out_;
  Clock::time_point start_;
  Clock::time_point lastDraw_;
  bool drawnOnce_ = false;
  bool dirty_ = false;
  bool finished_ = false;
  size_t lastWidth_ = 0;
  int64_t step_ = 0;
  double loss_ = 0;
  double samplesPerSecond_ = 0;
};

} // namespace aicc::rt

#endif // AICC_RUNTIME_PROGRESS_H
