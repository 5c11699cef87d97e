//===- Image.cpp - PNG image grids ----------------------------------------===//

#include "aicc/runtime/Image.h"

#include "aicc/runtime/AtomicFile.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <png.h>

using namespace aicc::rt;

namespace {

// libpng's default limit on the width and height of an image it writes or
// reads (PNG_USER_WIDTH_MAX / PNG_USER_HEIGHT_MAX).
constexpr int64_t kMaxSide = 1'000'000;
// Refuse to allocate more than this many pixels for one image (1 GiB).
constexpr int64_t kMaxPixels = int64_t(1) << 30;

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw Error(path + ": " + why);
}

std::string errnoText() { return std::strerror(errno); }

std::string pngMessage(const png_image &image) {
  return image.message[0] ? image.message : "unknown libpng error";
}

uint8_t toByte(float v) {
  if (std::isnan(v) || v <= 0.0f)
    return 0;
  if (v >= 1.0f)
    return 255;
  // Round halves up: 0.5 * 255 = 127.5 -> 128.
  return static_cast<uint8_t>(std::floor(v * 255.0f + 0.5f));
}

} // namespace

void aicc::rt::writeImageGrid(const std::string &path, const Tensor &images,
                              int64_t height, int64_t width, int64_t columns,
                              int64_t padding) {
  auto bad = [&](const std::string &why) {
    fail(path, "cannot write an image grid: " + why);
  };
  if (images.dtype() != DType::F32)
    bad(fmt::format("images must be f32, got {}", dtypeName(images.dtype())));
  if (height < 1 || width < 1)
    bad(fmt::format("image size {}x{} (height x width) must be positive",
                    height, width));
  if (columns < 1)
    bad(fmt::format("columns must be at least 1, got {}", columns));
  if (padding < 0)
    bad(fmt::format("padding must not be negative, got {}", padding));
  if (height > kMaxSide || width > kMaxSide || padding > kMaxSide)
    bad(fmt::format("image size {}x{} or padding {} exceeds {}", height, width,
                    padding, kMaxSide));
  const std::vector<int64_t> &shape = images.shape();
  bool matches = (shape.size() == 2 && shape[1] == height * width) ||
                 (shape.size() == 3 && shape[1] == height && shape[2] == width);
  if (!matches)
    bad(fmt::format("images of shape {} are not [N, {}] or [N, {}, {}]",
                    images.shapeString(), height * width, height, width));
  const int64_t count = shape[0];
  if (count == 0)
    bad("no images (N == 0)");

  const int64_t cols = std::min(columns, count);
  const int64_t rows = (count + cols - 1) / cols;
  // Every factor is at most kMaxSide (1e6), so none of this overflows.
  const int64_t gridWidth = cols * width + (cols + 1) * padding;
  const int64_t gridHeight = rows * height + (rows + 1) * padding;
  if (gridWidth > kMaxSide || gridHeight > kMaxSide ||
      gridWidth * gridHeight > kMaxPixels)
    bad(fmt::format("the grid of {} images ({} x {}) would be {}x{} pixels, "
                    "more than a PNG is written with ({} per side, {} in all)",
                    count, rows, cols, gridWidth, gridHeight, kMaxSide,
                    kMaxPixels));

  std::vector<uint8_t> pixels(static_cast<size_t>(gridWidth * gridHeight),
                              kImageGridPadValue);
  const float *src = images.data<float>();
  for (int64_t n = 0; n < count; ++n) {
    const int64_t left = padding + (n % cols) * (width + padding);
    const int64_t top = padding + (n / cols) * (height + padding);
    const float *image = src + n * height * width;
    for (int64_t y = 0; y < height; ++y) {
      uint8_t *dst = pixels.data() + (top + y) * gridWidth + left;
      for (int64_t x = 0; x < width; ++x)
        dst[x] = toByte(image[y * width + x]);
    }
  }

  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(gridWidth);
  image.height = static_cast<png_uint_32>(gridHeight);
  image.format = PNG_FORMAT_GRAY;
  std::vector<unsigned char> encoded(PNG_IMAGE_PNG_SIZE_MAX(image));
  png_alloc_size_t size = encoded.size();
  if (!png_image_write_to_memory(&image, encoded.data(), &size,
                                 /*convert_to_8_bit=*/0, pixels.data(),
                                 /*row_stride=*/0, /*colormap=*/nullptr))
    fail(path, "cannot encode PNG: " + pngMessage(image));
  encoded.resize(size);
  writeFileAtomically(path, encoded.data(), encoded.size());
}

GrayImage aicc::rt::readPng(const std::string &path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    fail(path, "cannot open: " + errnoText());
  if (S_ISDIR(st.st_mode))
    fail(path, "cannot open: is a directory");
  FILE *file = std::fopen(path.c_str(), "rb");
  if (!file)
    fail(path, "cannot open: " + errnoText());
  struct Closer {
    FILE *file;
    ~Closer() { std::fclose(file); }
  } closer{file};

  png_image image;
  std::memset(&image, 0, sizeof(image));
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_stdio(&image, file)) {
    // libpng checks the signature first; anything else is a damaged header.
    std::string message = pngMessage(image);
    png_image_free(&image);
    fail(path, "not a PNG file (libpng: " + message + ")");
  }
  image.format = PNG_FORMAT_GRAY;
  if (int64_t(image.width) * int64_t(image.height) > kMaxPixels) {
    std::string size = fmt::format("{}x{}", image.width, image.height);
    png_image_free(&image);
    fail(path, fmt::format("the image is too large to read ({} pixels, more "
                           "than {})",
                           size, kMaxPixels));
  }
  GrayImage result;
  result.width = image.width;
  result.height = image.height;
  result.pixels.assign(PNG_IMAGE_SIZE(image), 0);
  png_color black = {0, 0, 0};
  if (!png_image_finish_read(&image, &black, result.pixels.data(),
                             /*row_stride=*/0, /*colormap=*/nullptr))
    fail(path, "cannot decode PNG: " + pngMessage(image));
  return result;
}
