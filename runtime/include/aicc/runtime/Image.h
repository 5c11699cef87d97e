//===- Image.h - PNG image grids --------------------------------*- C++ -*-===//
//
// Writes batches of grayscale images (e.g. samples from a generative model)
// as one PNG grid, and reads PNG files back as 8-bit gray (for tests and
// tools). Uses libpng, which stays a private dependency of the runtime.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_IMAGE_H
#define AICC_RUNTIME_IMAGE_H

#include "aicc/runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aicc::rt {

/// The gray level of the padding between and around the images of a grid
/// and of the unused cells of its last row: white.
constexpr uint8_t kImageGridPadValue = 255;

/// Writes `images` (F32, [N, height * width] or [N, height, width], row
/// major, values in [0, 1]) as one 8-bit grayscale PNG: a grid of
/// min(columns, N) images per row and ceil(N / columns) rows, in order, with
/// `padding` pixels of kImageGridPadValue between and around the images:
///
///   grid width  = cols * width  + (cols + 1) * padding
///   grid height = rows * height + (rows + 1) * padding
///
/// A value v becomes the byte round(clamp(v, 0, 1) * 255), rounding halves
/// up (0.5 -> 128); NaN becomes 0, -inf 0 and +inf 255.
///
/// The file is written atomically: the PNG goes to a temporary file next to
/// `path` (`path + ".tmp.<pid>"`), which is fsync'ed and renamed over `path`.
/// A symbolic link at `path` is kept and its target replaced. On any failure
/// the temporary file is removed, an existing file at `path` is unchanged,
/// and Error names `path` and the reason, e.g. "samples.png: cannot create:
/// Permission denied (temporary file samples.png.tmp.123)". Also throws Error
/// for bad arguments: a dtype other than F32, N == 0, a shape that does not
/// match height x width, height, width or columns < 1, padding < 0, or a grid
/// larger than 1000000 pixels on a side (libpng's limit).
void writeImageGrid(const std::string &path, const Tensor &images,
                    int64_t height, int64_t width, int64_t columns,
                    int64_t padding = 2);

/// A decoded 8-bit grayscale image: `pixels` holds height rows of width
/// bytes, top row first.
struct GrayImage {
  int64_t width = 0, height = 0;
  std::vector<uint8_t> pixels;

  uint8_t at(int64_t x, int64_t y) const { return pixels[y * width + x]; }
};

/// Reads any PNG libpng can read (any bit depth, color type, palette,
/// interlacing), converted to 8-bit sRGB gray by libpng; alpha is
/// composited onto black. Throws Error naming `path` if the file cannot be
/// opened, is not a PNG or is damaged, e.g. "x.png: not a PNG file (libpng:
/// Not a PNG file)".
GrayImage readPng(const std::string &path);

} // namespace aicc::rt

#endif // AICC_RUNTIME_IMAGE_H
