//===- ImageTest.cpp - Tests for PNG image grids --------------------------===//

#include "aicc/runtime/Image.h"

#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace aicc::rt;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace fs = std::filesystem;

namespace {

class ImageTest : public test_support::TempDirTest {
protected:
  /// The names in the temporary directory other than `expected`.
  std::vector<std::string>
  strayFiles(const std::vector<std::string> &expected) {
    std::vector<std::string> stray;
    for (const auto &entry : fs::directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      if (std::find(expected.begin(), expected.end(), name) == expected.end())
        stray.push_back(name);
    }
    return stray;
  }

  void writeFile(const std::string &p, const std::string &bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
    ASSERT_TRUE(out.good());
  }

  /// The Error message from writing `images` to `p` (a test failure if it
  /// does not throw Error).
  std::string writeError(const std::string &p, const Tensor &images,
                         int64_t height, int64_t width, int64_t columns,
                         int64_t padding = 2) {
    try {
      writeImageGrid(p, images, height, width, columns, padding);
    } catch (const Error &e) {
      EXPECT_THAT(e.what(), StartsWith(p + ": "));
      return e.what();
    }
    ADD_FAILURE() << "expected Error";
    return "";
  }
};

/// Image n of `count` has value (n + 1) / count everywhere but pixel (0, 0),
/// which is 0.
Tensor numberedImages(int64_t count, int64_t height, int64_t width) {
  Tensor t(DType::F32, {count, height, width});
  float *p = t.data<float>();
  for (int64_t n = 0; n < count; ++n)
    for (int64_t i = 0; i < height * width; ++i)
      p[n * height * width + i] =
          i == 0 ? 0.0f : static_cast<float>(n + 1) / count;
  return t;
}

uint8_t expectedByte(float v) {
  return static_cast<uint8_t>(std::floor(v * 255.0f + 0.5f));
}

TEST_F(ImageTest, GridGeometryAndPixelsRoundTrip) {
  // 10 images of 3x5 in 4 columns: 3 rows, the last with 2 images.
  const int64_t n = 10, h = 3, w = 5, cols = 4, pad = 2;
  std::string p = path("grid.png");
  writeImageGrid(p, numberedImages(n, h, w), h, w, cols, pad);
  GrayImage img = readPng(p);
  ASSERT_EQ(img.width, cols * w + (cols + 1) * pad); // 4*5 + 5*2 = 30
  ASSERT_EQ(img.height, 3 * h + 4 * pad);            // 3*3 + 4*2 = 17
  ASSERT_EQ(img.pixels.size(), size_t(img.width * img.height));

  // Expected picture: padding everywhere, then each image pasted in.
  std::vector<uint8_t> expected(img.pixels.size(), kImageGridPadValue);
  for (int64_t k = 0; k < n; ++k) {
    int64_t left = pad + (k % cols) * (w + pad);
    int64_t top = pad + (k / cols) * (h + pad);
    for (int64_t y = 0; y < h; ++y)
      for (int64_t x = 0; x < w; ++x)
        expected[(top + y) * img.width + left + x] =
            x == 0 && y == 0 ? 0 : expectedByte(float(k + 1) / n);
  }
  EXPECT_EQ(img.pixels, expected);
  // The unused cells of the last row and the borders are white.
  EXPECT_EQ(img.at(0, 0), 255);
  EXPECT_EQ(img.at(img.width - 1, img.height - 1), 255);
  EXPECT_EQ(img.at(pad + 3 * (w + pad), pad + 2 * (h + pad)), 255);
  EXPECT_EQ(strayFiles({"grid.png"}), std::vector<std::string>{});
}

TEST_F(ImageTest, FlatImagesAndNoPadding) {
  // [N, H*W] layout, 3 images of 2x2 in 3 columns, no padding.
  Tensor t = Tensor::fromValues<float>(
      {3, 4}, {0, 0.5f, 1, 0.25f, 1, 1, 1, 1, 0.5f, 0.5f, 0.5f, 0.5f});
  std::string p = path("flat.png");
  writeImageGrid(p, t, 2, 2, 3, 0);
  GrayImage img = readPng(p);
  ASSERT_EQ(img.width, 6);
  ASSERT_EQ(img.height, 2);
  // 0 -> 0, 0.5 -> 127.5 rounds up to 128, 1 -> 255, 0.25 -> 63.75 -> 64.
  std::vector<uint8_t> expected = {0,   128, 255, 255, 128, 128,
                                   255, 64,  255, 255, 128, 128};
  EXPECT_EQ(img.pixels, expected);
}

TEST_F(ImageTest, FewerImagesThanColumnsUseOneRowOfThatWidth) {
  std::string p = path("one.png");
  writeImageGrid(p, numberedImages(2, 4, 4), 4, 4, 8, 1);
  GrayImage img = readPng(p);
  EXPECT_EQ(img.width, 2 * 4 + 3 * 1);
  EXPECT_EQ(img.height, 4 + 2 * 1);
}

TEST_F(ImageTest, ValuesAreClampedAndNaNIsBlack) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  Tensor t = Tensor::fromValues<float>(
      {1, 8}, {-0.5f, 1.5f, -inf, inf, nan, -0.0f, 1e-9f, 0.999f});
  std::string p = path("clamp.png");
  writeImageGrid(p, t, 1, 8, 1, 0);
  GrayImage img = readPng(p);
  std::vector<uint8_t> expected = {0, 255, 0, 255, 0, 0, 0, 255};
  EXPECT_EQ(img.pixels, expected);
}

TEST_F(ImageTest, BadArgumentsAreErrorsAndWriteNothing) {
  std::string p = path("bad.png");
  Tensor images = numberedImages(2, 3, 4);
  EXPECT_THAT(writeError(p, Tensor(DType::F64, {2, 12}), 3, 4, 2),
              HasSubstr("must be f32, got f64"));
  EXPECT_THAT(writeError(p, Tensor(DType::F32, {0, 12}), 3, 4, 2),
              HasSubstr("no images (N == 0)"));
  EXPECT_THAT(writeError(p, images, 4, 3, 2),
              HasSubstr("not [N, 12] or [N, 4, 3]"));
  EXPECT_THAT(writeError(p, Tensor(DType::F32, {2, 13}), 3, 4, 2),
              HasSubstr("2x13xf32 are not [N, 12]"));
  EXPECT_THAT(writeError(p, Tensor(DType::F32, {24}), 3, 4, 2),
              HasSubstr("are not [N, 12]"));
  EXPECT_THAT(writeError(p, images, 3, 4, 0),
              HasSubstr("columns must be at least 1, got 0"));
  EXPECT_THAT(writeError(p, images, 3, 4, 2, -1),
              HasSubstr("padding must not be negative"));
  EXPECT_THAT(writeError(p, images, 0, 4, 2), HasSubstr("must be positive"));
  EXPECT_THAT(
      writeError(p, Tensor(DType::F32, {1, 1, 2'000'000}), 1, 2'000'000, 1),
      HasSubstr("exceeds"));
  EXPECT_THAT(writeError(p, Tensor(DType::F32, {2000, 1, 1}), 1, 1, 2000, 1000),
              HasSubstr("pixels, more than"));
  EXPECT_EQ(strayFiles({}), std::vector<std::string>{});
}

TEST_F(ImageTest, MissingDirectoryLeavesNothing) {
  std::string p = path("no/such/dir/samples.png");
  EXPECT_THAT(writeError(p, numberedImages(1, 2, 2), 2, 2, 1),
              HasSubstr("cannot create: No such file or directory"));
  EXPECT_FALSE(fs::exists(path("no")));
}

TEST_F(ImageTest, UnwritableDirectoryKeepsTheExistingFile) {
  if (::geteuid() == 0)
    GTEST_SKIP() << "root ignores directory permissions";
  std::string p = path("samples.png");
  writeFile(p, "old contents");
  ASSERT_EQ(::chmod(dir.c_str(), 0555), 0);
  std::string message = writeError(p, numberedImages(1, 2, 2), 2, 2, 1);
  ::chmod(dir.c_str(), 0755);
  EXPECT_THAT(message, HasSubstr("cannot create: Permission denied"));
  EXPECT_EQ(readFile(p), "old contents");
  EXPECT_EQ(strayFiles({"samples.png"}), std::vector<std::string>{});
}

// A failure in the middle of writing: the file size limit makes write() fail
// with EFBIG. Works as root too.
TEST_F(ImageTest, FailedWriteKeepsTheExistingFile) {
  std::string p = path("samples.png");
  writeFile(p, "old contents");
  // Noise does not compress: the PNG is about 64 KiB.
  Tensor noise = test_support::randomTensor({1, 256, 256}, 7, 0, 1);
  struct rlimit old;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message = writeError(p, noise, 256, 256, 1);
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, oldHandler);
  EXPECT_THAT(message, HasSubstr("cannot write: File too large"));
  EXPECT_EQ(readFile(p), "old contents");
  EXPECT_EQ(strayFiles({"samples.png"}), std::vector<std::string>{});
}

TEST_F(ImageTest, OverwritesAnExistingFileAndKeepsASymlink) {
  std::string target = path("real.png");
  writeFile(target, "old contents");
  std::string link = path("link.png");
  fs::create_symlink(target, link);
  writeImageGrid(link, numberedImages(1, 2, 3), 2, 3, 1, 0);
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(readPng(target).width, 3);
  EXPECT_EQ(strayFiles({"real.png", "link.png"}), std::vector<std::string>{});
}

TEST_F(ImageTest, DirectoryTargetIsRefused) {
  std::string p = path("out.png");
  fs::create_directories(p);
  EXPECT_THAT(writeError(p, numberedImages(1, 2, 2), 2, 2, 1),
              HasSubstr("is a directory"));
  EXPECT_TRUE(fs::is_directory(p));
}

TEST_F(ImageTest, ReadingMissingOrNonPngFilesIsAnError) {
  auto readError = [](const std::string &p) -> std::string {
    try {
      readPng(p);
    } catch (const Error &e) {
      EXPECT_THAT(e.what(), StartsWith(p + ": "));
      return e.what();
    }
    ADD_FAILURE() << "expected Error reading " << p;
    return "";
  };
  EXPECT_THAT(readError(path("missing.png")),
              HasSubstr("cannot open: No such file or directory"));
  EXPECT_THAT(readError(dir.string()), HasSubstr("is a directory"));
  std::string text = path("text.png");
  writeFile(text, "this is not a PNG file, just some text\n");
  EXPECT_THAT(readError(text), HasSubstr("not a PNG file"));
  std::string empty = path("empty.png");
  writeFile(empty, "");
  EXPECT_THAT(readError(empty), HasSubstr("not a PNG file"));

  // A real PNG cut short: the header reads, the pixel data does not.
  std::string good = path("good.png");
  writeImageGrid(good, test_support::randomTensor({1, 64, 64}, 3, 0, 1), 64, 64,
                 1);
  std::string bytes = readFile(good);
  std::string cut = path("cut.png");
  writeFile(cut, bytes.substr(0, bytes.size() / 2));
  EXPECT_THAT(readError(cut), HasSubstr("cannot decode PNG"));
}

} // namespace
