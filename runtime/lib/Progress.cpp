//===- Progress.cpp - Terminal progress bar -------------------------------===//

#include "aicc/runtime/Progress.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>
#include <unistd.h>

using namespace aicc::rt;

namespace {

constexpr int kBarWidth = 20;
constexpr auto kMinRedrawInterval = std::chrono::milliseconds(100);

/// 12345.6 -> "12,346"; locale-independent so output is stable.
std::string groupThousands(double value) {
  if (!std::isfinite(value) || value < 0)
    return fmt::format("{:.0f}", value);
  std::string digits = fmt::format("{:.0f}", value);
  std::string result;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      result += ',';
    result += digits[i];
  }
  return result;
}

std::string formatDuration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds))
    return "--:--";
  auto total = static_cast<int64_t>(std::llround(seconds));
  int64_t hours = total / 3600, minutes = total / 60 % 60, secs = total % 60;
  if (hours > 0)
    return fmt::format("{}:{:02}:{:02}", hours, minutes, secs);
  return fmt::format("{}:{:02}", minutes, secs);
}

} // namespace

bool aicc::rt::stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string aicc::rt::formatProgressLine(const std::string &label, int64_t step,
                                         int64_t totalSteps, double loss,
                                         double samplesPerSecond,
                                         double etaSeconds) {
  int filled = 0;
  if (totalSteps > 0) {
    int64_t clamped = std::clamp<int64_t>(step, 0, totalSteps);
    filled = static_cast<int>(clamped * kBarWidth / totalSteps);
  }
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  std::string prefix = label.empty() ? "" : label + " ";
  return fmt::format("{}[{}] {}/{} loss {:.4f} {} samples/s ETA {}", prefix,
                     bar, step, totalSteps, loss,
                     groupThousands(samplesPerSecond),
                     formatDuration(etaSeconds));
}

ProgressBar::ProgressBar(int64_t totalSteps, std::string label, bool enabled,
                         std::FILE *out)
    : totalSteps_(totalSteps), label_(std::move(label)), enabled_(enabled),
      out_(out), start_(Clock::now()) {}

void ProgressBar::update(int64_t step, double loss, double samplesPerSecond) {
  if (!enabled_ || finished_)
    return;
  step_ = step;
  loss_ = loss;
  samplesPerSecond_ = samplesPerSecond;
  dirty_ = true;
  Clock::time_point now = Clock::now();
  if (!drawnOnce_ || step >= totalSteps_ ||
      now - lastDraw_ >= kMinRedrawInterval)
    draw();
}

void ProgressBar::finish() {
  if (!enabled_ || finished_)
    return;
  if (dirty_)
    draw();
  finished_ = true;
  std::fputc('\n', out_);
  std::fflush(out_);
}

void ProgressBar::draw() {
  double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  double eta = -1;
  if (step_ > 0 && totalSteps_ >= step_)
    eta = elapsed / static_cast<double>(step_) *
          static_cast<double>(totalSteps_ - step_);
  std::string line = formatProgressLine(label_, step_, totalSteps_, loss_,
                                        samplesPerSecond_, eta);
  // Blank out leftovers of a longer previous line (no terminal escapes, so
  // the output stays readable when redirected).
  size_t width = line.size();
  if (width < lastWidth_)
    line.append(lastWidth_ - width, ' ');
  lastWidth_ = width;
  std::fputc('\r', out_);
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
  lastDraw_ = Clock::now();
  drawnOnce_ = true;
  dirty_ = false;
}
