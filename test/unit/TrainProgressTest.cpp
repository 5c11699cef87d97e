//===- TrainProgressTest.cpp - Tests for the progress bar -----------------===//

#include "aicc/runtime/Progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

using namespace aicc::rt;
using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

/// Everything written to a temporary FILE.
class Capture {
public:
  Capture() : file(std::tmpfile()) {}
  ~Capture() { std::fclose(file); }
  std::string text() {
    std::fflush(file);
    std::rewind(file);
    std::string result;
    int c;
    while ((c = std::fgetc(file)) != EOF)
      result += static_cast<char>(c);
    return result;
  }
  std::FILE *file;
};

size_t count(const std::string &text, char c) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), c));
}

TEST(ProgressTest, FormatsTheLine) {
  EXPECT_EQ(formatProgressLine("epoch 1/3", 120, 468, 0.51234, 12345.4, 21),
            "epoch 1/3 [#####...............] 120/468 loss 0.5123 12,345 "
            "samples/s ETA 0:21");
  EXPECT_EQ(formatProgressLine("", 0, 10, 2.302585, 0, -1),
            "[....................] 0/10 loss 2.3026 0 samples/s ETA --:--");
  EXPECT_EQ(formatProgressLine("e", 10, 10, 0, 999.6, 0),
            "e [####################] 10/10 loss 0.0000 1,000 samples/s "
            "ETA 0:00");
}

TEST(ProgressTest, FormatsLargeNumbersAndDurations) {
  EXPECT_THAT(
      formatProgressLine("x", 1, 2, 1, 1234567890, 3 * 3600 + 62),
      AllOf(HasSubstr(" 1,234,567,890 samples/s"), EndsWith("ETA 3:01:02")));
  EXPECT_THAT(formatProgressLine("x", 1, 2, 1, 100, 59.6),
              EndsWith("100 samples/s ETA 1:00"));
  EXPECT_THAT(formatProgressLine("x", 1, 2, 1, 100, 600),
              EndsWith("ETA 10:00"));
  // Out-of-range steps clamp the bar instead of overflowing it.
  EXPECT_THAT(formatProgressLine("x", 50, 10, 1, 1, 1),
              HasSubstr("[####################] 50/10"));
  EXPECT_THAT(formatProgressLine("x", -5, 10, 1, 1, 1),
              HasSubstr("[....................] -5/10"));
  EXPECT_THAT(formatProgressLine("x", 0, 0, 1, 1, 1),
              HasSubstr("[....................] 0/0"));
}

TEST(ProgressTest, DisabledWritesNothing) {
  Capture out;
  ProgressBar bar(10, "epoch 1/1", false, out.file);
  for (int i = 1; i <= 10; ++i)
    bar.update(i, 0.5, 100);
  bar.finish();
  EXPECT_EQ(out.text(), "");
}

TEST(ProgressTest, ThrottlesRedrawsButShowsTheEnd) {
  Capture out;
  ProgressBar bar(1000, "epoch 2/3", true, out.file);
  for (int i = 1; i < 1000; ++i)
    bar.update(i, 1.0 / i, 5000);
  // 999 updates within well under 100 ms: only the first is drawn.
  std::string text = out.text();
  EXPECT_EQ(count(text, '\r'), 1u) << text;
  EXPECT_THAT(text, StartsWith("\repoch 2/3 [....................] 1/1000 "
                               "loss 1.0000 5,000 samples/s"));
  bar.update(1000, 0.25, 6000); // the last step is always drawn
  text = out.text();
  EXPECT_EQ(count(text, '\r'), 2u);
  EXPECT_THAT(text, HasSubstr("\repoch 2/3 [####################] 1000/1000 "
                              "loss 0.2500 6,000 samples/s ETA 0:00"));
  bar.finish();
  EXPECT_THAT(out.text(), EndsWith("ETA 0:00\n"));
  bar.update(5, 0, 0); // ignored after finish
  bar.finish();
  EXPECT_EQ(count(out.text(), '\n'), 1u);
}

TEST(ProgressTest, RedrawsAfterTheInterval) {
  Capture out;
  ProgressBar bar(100, "", true, out.file);
  bar.update(1, 1, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  bar.update(2, 1, 1);
  EXPECT_EQ(count(out.text(), '\r'), 2u);
}

TEST(ProgressTest, FinishDrawsTheThrottledState) {
  Capture out;
  ProgressBar bar(100, "ep", true, out.file);
  bar.update(1, 9.0, 10);
  bar.update(37, 0.125, 1234);
  bar.finish();
  std::string text = out.text();
  EXPECT_EQ(count(text, '\r'), 2u);
  // The last line overwrote a line of equal length, so no padding is needed.
  EXPECT_THAT(text, HasSubstr("\rep [#######.............] 37/100 loss "
                              "0.1250 1,234 samples/s ETA"));
  EXPECT_THAT(text, EndsWith("\n"));
}

TEST(ProgressTest, ShorterLinesBlankOutTheRest) {
  Capture out;
  ProgressBar bar(2, "ep", true, out.file);
  bar.update(1, 123456.0, 1e9);
  bar.update(2, 1.0, 1);
  std::string text = out.text();
  size_t second = text.rfind('\r');
  ASSERT_NE(second, std::string::npos);
  EXPECT_EQ(text.size() - second, second); // same width as the first line
  EXPECT_THAT(text, EndsWith(" "));
}

TEST(ProgressTest, StderrIsTerminalMatchesIsatty) {
  // Only checks that it answers; under ctest stderr is usually a pipe.
  bool terminal = stderrIsTerminal();
  EXPECT_EQ(terminal, stderrIsTerminal());
}

} // namespace
