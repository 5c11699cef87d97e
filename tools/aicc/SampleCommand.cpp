//===- SampleCommand.cpp - aicc sample ------------------------------------===//
//
// Images from a trained VAE: decoded from the prior, reconstructions of
// test images, or a walk between two test images' latent codes. Each is a
// compiled function of the graph API (vaeSample, vaeEncode, vaeDecode)
// bound to the checkpoint's tensors by name; no training step is built.
//
//===----------------------------------------------------------------------===//

#include "BoundFunction.h"
#include "BuiltinModels.h"
#include "CharCommands.h"
#include "Commands.h"
#include "DriverSupport.h"
#include "MetricsLog.h"

#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/Image.h"

#include "llvm/Support/Path.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace aicc::driver {

namespace {
/// The largest grid aicc sample writes (rows of @sample).
constexpr int64_t kMaxImages = 4096;

/// The images' height and width: the checkpoint's image_shape ("28x28"),
/// else a square of `features` pixels.
std::pair<int64_t, int64_t>
imageShape(const std::map<std::string, std::string> &metadata,
           int64_t features) {
  if (auto it = metadata.find("image_shape"); it != metadata.end()) {
    long long h = 0, w = 0;
    if (std::sscanf(it->second.c_str(), "%lldx%lld", &h, &w) == 2 && h > 0 &&
        w > 0 && h * w == features)
      return {h, w};
  }
  auto side = static_cast<int64_t>(std::llround(std::sqrt(double(features))));
  if (side * side != features)
    throw rt::Error(fmt::format("the vae's images have {} pixels, which is "
                                "not a square, and the checkpoint does not "
                                "record their shape",
                                features));
  return {side, side};
}

/// Rows [first, first + n) of the test images, as flat f32 pixels.
rt::Tensor testImages(const std::string &spec, int64_t first, int64_t n,
                      int64_t features) {
  rt::Dataset data = loadData(spec, "");
  const rt::Tensor &x = data.testX;
  int64_t rows = x.shape()[0];
  if (x.dtype() != rt::DType::F32 || rows == 0 ||
      x.numElements() / rows != features)
    throw rt::Error(fmt::format("the test images of {} are not f32 images of "
                                "{} pixels, as the vae's",
                                data.name, features));
  if (first + n > rows)
    throw rt::Error(fmt::format("{} has {} test images; asked for image {}",
                                data.name, rows, first + n - 1));
  rt::Tensor out(rt::DType::F32, {n, features});
  std::copy_n(x.data<float>() + first * features, n * features,
              out.data<float>());
  return out;
}

rt::Tensor rngKey(uint64_t seed) {
  rt::Tensor key(rt::DType::I64, {2});
  key.data<int64_t>()[0] = static_cast<int64_t>(seed);
  key.data<int64_t>()[1] = 0;
  return key;
}
} // namespace

int SampleCommand::execute() {
  if (isCharModel(model))
    return sampleCharModel(*this);
  if (out.empty())
    return fail("sample", "--out is required: the PNG file to write");
  if (model != "vae")
    return fail("sample", fmt::format("only the built-in vae generates "
                                      "images (got '{}')",
                                      model.getValue()));
  if (reconstruct && interpolate)
    return fail("sample", "--reconstruct and --interpolate are "
                          "alternatives: give one");
  int64_t rows = reconstruct ? reconstruct.getValue()
                 : interpolate
                     ? (count.getNumOccurrences() ? count.getValue() : 10)
                     : count.getValue();
  const char *rowsOption = reconstruct ? "--reconstruct" : "--count";
  if (rows < 1 || rows > kMaxImages || (interpolate && rows < 2))
    return fail("sample",
                fmt::format("{} must be in [{}, {}], got {}", rowsOption,
                            interpolate ? 2 : 1, kMaxImages, rows));
  if (columns < 0)
    return fail("sample", fmt::format("--columns must be at least 1 (0: "
                                      "the default), got {}",
                                      columns.getValue()));
  if (repeats < 0)
    return fail("sample", fmt::format("--repeats must not be negative, got {}",
                                      repeats.getValue()));
  if ((reconstruct || interpolate) && repeats > 0)
    return fail("sample", "--repeats times the sampling from the prior; "
                          "drop --reconstruct/--interpolate");
  // The walk's test images: --pair i,j, default 0,1.
  int64_t from = pair.empty() ? 0 : pair[0];
  int64_t to = pair.size() < 2 ? 1 : pair[1];
  if ((!pair.empty() && pair.size() != 2) || from < 0 || to < 0)
    return fail("sample", "--pair takes two test image indices, e.g. "
                          "--pair 3,7");
  if (llvm::sys::path::extension(out) != ".png")
    return fail("sample", fmt::format("--out {}: the file must end in .png",
                                      out.getValue()));
  checkWritableOutput("--out", out);

  std::map<std::string, std::string> metadata;
  std::vector<rt::NamedTensor> saved =
      rt::loadSafetensors(checkpoint, &metadata);
  models::VAEConfig config = vaeConfigFromCheckpoint(checkpoint);
  auto [height, width] = imageShape(metadata, config.features);
  int64_t perRow = columns       ? columns.getValue()
                   : interpolate ? rows
                                 : std::min<int64_t>(rows, 8);

  rt::Tensor grid(rt::DType::F32, {0});
  std::string what;
  if (reconstruct) {
    // Rows of originals, each followed by the row of their reconstructions.
    rt::Tensor x = testImages(data, 0, rows, config.features);
    BoundFunction encode(models::vaeEncode(config, rows), saved, checkpoint,
                         "the vae", {"rng", "x", "z"});
    BoundFunction decode(models::vaeDecode(config, rows), saved, checkpoint,
                         "the vae", {"rng", "x", "z"});
    rt::Tensor mu(rt::DType::F32, {rows, config.latent}),
        logvar(rt::DType::F32, {rows, config.latent}),
        images(rt::DType::F32, {rows, config.features});
    encode.run({{"x", &x}}, {&mu, &logvar});
    decode.run({{"z", &mu}}, {&images});
    int64_t gridRows = (rows + perRow - 1) / perRow;
    grid = rt::Tensor(rt::DType::F32, {2 * gridRows * perRow, config.features});
    std::fill_n(grid.data<float>(), grid.numElements(), 0.0f);
    for (int64_t i = 0; i < rows; ++i) {
      int64_t r = i / perRow, c = i % perRow;
      int64_t f = config.features;
      std::copy_n(x.data<float>() + i * f, f,
                  grid.data<float>() + ((2 * r) * perRow + c) * f);
      std::copy_n(images.data<float>() + i * f, f,
                  grid.data<float>() + ((2 * r + 1) * perRow + c) * f);
    }
    what = fmt::format("{} test images (odd rows) and their reconstructions "
                       "(even rows)",
                       rows);
  } else if (interpolate) {
    rt::Tensor a = testImages(data, from, 1, config.features);
    rt::Tensor b = testImages(data, to, 1, config.features);
    rt::Tensor x(rt::DType::F32, {2, config.features});
    std::copy_n(a.data<float>(), config.features, x.data<float>());
    std::copy_n(b.data<float>(), config.features,
                x.data<float>() + config.features);
    BoundFunction encode(models::vaeEncode(config, 2), saved, checkpoint,
                         "the vae", {"rng", "x", "z"});
    BoundFunction decode(models::vaeDecode(config, rows), saved, checkpoint,
                         "the vae", {"rng", "x", "z"});
    rt::Tensor mu(rt::DType::F32, {2, config.latent}),
        logvar(rt::DType::F32, {2, config.latent}),
        z(rt::DType::F32, {rows, config.latent});
    encode.run({{"x", &x}}, {&mu, &logvar});
    for (int64_t k = 0; k < rows; ++k) {
      float t = float(k) / float(rows - 1);
      for (int64_t j = 0; j < config.latent; ++j)
        z.data<float>()[k * config.latent + j] =
            (1 - t) * mu.data<float>()[j] +
            t * mu.data<float>()[config.latent + j];
    }
    grid = rt::Tensor(rt::DType::F32, {rows, config.features});
    decode.run({{"z", &z}}, {&grid});
    what = fmt::format("a walk of {} steps from test image {} to {}", rows,
                       from, to);
  } else {
    BoundFunction sample(models::vaeSample(config, rows), saved, checkpoint,
                         "the vae", {"rng", "x", "z"});
    rt::Tensor key = rngKey(seed);
    grid = rt::Tensor(rt::DType::F32, {rows, config.features});
    sample.run({{"rng", &key}}, {&grid});
    what = fmt::format("{} images from the prior (seed {})", rows,
                       seed.getValue());
    if (repeats > 0) {
      // Each call timed alone; the median is robust to the odd slow one.
      std::vector<double> us;
      for (int64_t i = 0; i < repeats; ++i) {
        auto start = std::chrono::steady_clock::now();
        sample.run({{"rng", &key}}, {&grid});
        us.push_back(std::chrono::duration<double, std::micro>(
                         std::chrono::steady_clock::now() - start)
                         .count());
      }
      std::sort(us.begin(), us.end());
      fmt::print("sample_us_per_call={:.2f} count={} repeats={}\n",
                 us[us.size() / 2], rows, repeats.getValue());
    }
  }
  rt::writeImageGrid(out, grid, height, width, perRow);
  int64_t images = grid.shape()[0];
  fmt::print("wrote {}: {}, a grid of {}x{} images of {}x{}\n", out.getValue(),
             what, (images + perRow - 1) / perRow, perRow, height, width);
  return 0;
}

} // namespace aicc::driver
