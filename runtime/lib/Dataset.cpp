//===- Dataset.cpp - Training data sets -----------------------------------===//
//
// IDX format (http://yann.lecun.com/exdb/mnist/): a big-endian u32 magic
// 0x0000TTNN (TT = 0x08 for unsigned bytes, NN = number of dims), NN
// big-endian u32 dims, then the row-major data.
//
//===----------------------------------------------------------------------===//

#include "aicc/runtime/Dataset.h"

#include "aicc/runtime/Npy.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <zlib.h>

using namespace aicc::rt;
namespace fs = std::filesystem;

namespace {

constexpr int64_t kImageSide = 28;
constexpr int64_t kFashionClasses = 10;
constexpr char kInstallHint[] =
    "install the Debian package dataset-fashion-mnist (apt-get install "
    "dataset-fashion-mnist) or pass --data-dir";

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw Error(path + ": " + why);
}

struct GzCloser {
  void operator()(gzFile file) const { gzclose(file); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

struct IdxData {
  std::vector<int64_t> dims;
  std::vector<uint8_t> bytes;
};

/// The zlib error text, or `fallback` if zlib reports none.
std::string gzErrorText(gzFile file, const char *fallback) {
  int code = Z_OK;
  const char *text = gzerror(file, &code);
  if (code == Z_OK || !text || !*text)
    return fallback;
  return text;
}

/// Reads exactly `size` bytes, failing with a "truncated" error otherwise.
void gzReadExact(gzFile file, uint8_t *dst, uint64_t size,
                 const std::string &path, const char *what) {
  uint64_t done = 0;
  while (done < size) {
    unsigned chunk = static_cast<unsigned>(
        std::min<uint64_t>(size - done, uint64_t(1) << 20));
    int got = gzread(file, dst + done, chunk);
    if (got < 0)
      fail(path, std::string("corrupt gzip data while reading ") + what + ": " +
                     gzErrorText(file, "read error"));
    if (got == 0)
      fail(path, std::string("truncated ") + what + ": expected " +
                     std::to_string(size) + " bytes, got " +
                     std::to_string(done));
    done += static_cast<uint64_t>(got);
  }
}

uint32_t readBigEndian32(gzFile file, const std::string &path,
                         const char *what) {
  uint8_t bytes[4];
  gzReadExact(file, bytes, 4, path, what);
  return (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) |
         (uint32_t(bytes[2]) << 8) | uint32_t(bytes[3]);
}

/// Reads a whole unsigned-byte IDX file with `rank` dims.
IdxData readIdx(const std::string &path, unsigned rank) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    fail(path, std::string("file not found; ") + kInstallHint);
  if (fs::is_directory(path, ec))
    fail(path, "is a directory, expected a gzip-compressed IDX file");
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file)
    fail(path, std::string("cannot open file: ") + std::strerror(errno));
  gzbuffer(file.get(), 1 << 17);

  uint32_t magic = readBigEndian32(file.get(), path, "IDX header");
  uint32_t expectedMagic = 0x0800u | rank;
  if (magic != expectedMagic)
    fail(path, fmt::format("bad IDX magic 0x{:08x}, expected 0x{:08x} "
                           "(unsigned bytes, {} dimension{})",
                           magic, expectedMagic, rank, rank == 1 ? "" : "s"));

  IdxData idx;
  uint64_t total = 1;
  for (unsigned i = 0; i < rank; ++i) {
    uint32_t dim = readBigEndian32(file.get(), path, "IDX header");
    idx.dims.push_back(dim);
    // Dims are < 2^32, so this only overflows past 2^63; refuse anything
    // that large before reading.
    if (dim != 0 && total > (uint64_t(1) << 62) / dim)
      fail(path, "invalid IDX header: element count overflows");
    total *= dim;
  }

  // Grow with the data actually read so a corrupt header cannot trigger a
  // huge up-front allocation.
  constexpr uint64_t kChunk = uint64_t(1) << 22;
  idx.bytes.reserve(static_cast<size_t>(std::min(total, kChunk)));
  while (idx.bytes.size() < total) {
    size_t before = idx.bytes.size();
    size_t chunk =
        static_cast<size_t>(std::min<uint64_t>(total - before, kChunk));
    idx.bytes.resize(before + chunk);
    int got = gzread(file.get(), idx.bytes.data() + before,
                     static_cast<unsigned>(chunk));
    if (got < 0)
      fail(path, "corrupt gzip data: " + gzErrorText(file.get(), "read error"));
    idx.bytes.resize(before + static_cast<size_t>(got));
    if (got == 0)
      fail(path, "truncated data: expected " + std::to_string(total) +
                     " bytes after the header, got " +
                     std::to_string(idx.bytes.size()));
  }

  // Extra bytes, or a bad gzip trailer (CRC/length, only checked at the end
  // of the stream), mean the file is not what it claims to be.
  uint8_t extra;
  int got = gzread(file.get(), &extra, 1);
  if (got > 0)
    fail(path, "unexpected trailing data after " + std::to_string(total) +
                   " data bytes");
  int code = Z_OK;
  gzerror(file.get(), &code);
  if (got < 0 || code != Z_OK)
    fail(path, "corrupt or truncated gzip data: " +
                   gzErrorText(file.get(), "read error"));
  return idx;
}

void loadFashionSplit(const fs::path &dir, const std::string &prefix,
                      Tensor &images, Tensor &labels) {
  std::string imagesPath = (dir / (prefix + "-images-idx3-ubyte.gz")).string();
  std::string labelsPath = (dir / (prefix + "-labels-idx1-ubyte.gz")).string();
  IdxData imageData = readIdx(imagesPath, 3);
  if (imageData.dims[1] != kImageSide || imageData.dims[2] != kImageSide)
    fail(imagesPath,
         fmt::format("expected {}x{} images, got {}x{}", kImageSide, kImageSide,
                     imageData.dims[1], imageData.dims[2]));
  IdxData labelData = readIdx(labelsPath, 1);
  int64_t n = imageData.dims[0];
  if (labelData.dims[0] != n)
    fail(labelsPath, fmt::format("{} labels, but {} has {} images",
                                 labelData.dims[0], imagesPath, n));

  images = Tensor(DType::F32, {n, kImageSide * kImageSide});
  float *pixels = images.data<float>();
  for (size_t i = 0; i < imageData.bytes.size(); ++i)
    pixels[i] = static_cast<float>(imageData.bytes[i]) / 255.0f;

  labels = Tensor(DType::I64, {n});
  int64_t *out = labels.data<int64_t>();
  for (int64_t i = 0; i < n; ++i) {
    uint8_t label = labelData.bytes[static_cast<size_t>(i)];
    if (label >= kFashionClasses)
      fail(labelsPath,
           fmt::format("label {} at index {} is out of range "
                       "[0, {})",
                       static_cast<int>(label), i, kFashionClasses));
    out[i] = label;
  }
}

//===----------------------------------------------------------------------===//
// npy data sets
//===----------------------------------------------------------------------===//

constexpr char kNpyFiles[] =
    "x_train.npy and x_test.npy, with y_train.npy and y_test.npy for targets";

Tensor readNpyFile(const fs::path &dir, const char *file) {
  std::string path = (dir / file).string();
  std::error_code ec;
  if (!fs::exists(path, ec))
    fail(path, std::string("file not found (an npy data set directory needs ") +
                   kNpyFiles + ")");
  return readNpy(path);
}

Tensor toFeatures(Tensor t, const std::string &path) {
  if (t.rank() < 1)
    fail(path, "features must have a leading sample dimension, got a scalar");
  if (t.dtype() == DType::F32)
    return t;
  if (t.dtype() == DType::I32 || t.dtype() == DType::I64) {
    // Token ids (sequences): kept as i64.
    Tensor ids(DType::I64, t.shape());
    for (int64_t i = 0; i < t.numElements(); ++i)
      ids.data<int64_t>()[i] =
          t.dtype() == DType::I32 ? t.data<int32_t>()[i] : t.data<int64_t>()[i];
    return ids;
  }
  if (t.dtype() != DType::F64 && t.dtype() != DType::U8)
    fail(path, "features must be f32, f64 or ui8 (or i32/i64 token ids), "
               "got " +
                   std::string(dtypeName(t.dtype())));
  Tensor result(DType::F32, t.shape());
  float *dst = result.data<float>();
  visitDType(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T *src = t.template data<T>();
    for (int64_t i = 0; i < t.numElements(); ++i)
      dst[i] = static_cast<float>(src[i]);
  });
  return result;
}

bool isFloat(DType t) { return t == DType::F32 || t == DType::F64; }

/// Regression targets: f32 or f64 (rounded), rank >= 1.
Tensor toValues(const Tensor &t, const std::string &path) {
  if (t.rank() < 1)
    fail(path, "targets must have a leading sample dimension, got a scalar");
  if (!isFloat(t.dtype()))
    fail(path, "value targets must be f32 or f64 (integer targets are class "
               "labels and both y files must agree), got " +
                   std::string(dtypeName(t.dtype())));
  if (t.dtype() == DType::F32)
    return t.clone();
  Tensor result(DType::F32, t.shape());
  for (int64_t i = 0; i < t.numElements(); ++i)
    result.data<float>()[i] = static_cast<float>(t.data<double>()[i]);
  return result;
}

Tensor toLabels(const Tensor &t, const std::string &path) {
  // One label per sample (N), or per position of a sequence (N x T).
  if (t.rank() < 1)
    fail(path, "labels must have a leading sample dimension, got a scalar");
  Tensor result(DType::I64, t.shape());
  int64_t *dst = result.data<int64_t>();
  visitDType(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      const T *src = t.template data<T>();
      for (int64_t i = 0; i < t.numElements(); ++i)
        dst[i] = static_cast<int64_t>(src[i]);
    } else {
      fail(path, "labels must have an integer dtype (i8, i16, i32, i64 or "
                 "ui8), got " +
                     std::string(dtypeName(t.dtype())));
    }
  });
  return result;
}

std::string sampleShape(const Tensor &t) {
  if (t.rank() == 1)
    return "scalar";
  std::string result;
  for (int64_t i = 1; i < t.rank(); ++i)
    result += (i > 1 ? "x" : "") + std::to_string(t.shape()[i]);
  return result;
}

} // namespace

Dataset aicc::rt::loadFashionMNIST(const std::string &dir) {
  fs::path root =
      dir.empty() ? fs::path(kFashionMNISTDefaultDir) : fs::path(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    fail(root.string(),
         std::string("Fashion-MNIST directory not found; ") + kInstallHint);
  Dataset data{Tensor(DType::F32, {0}), Tensor(DType::I64, {0}),
               Tensor(DType::F32, {0}), Tensor(DType::I64, {0}),
               kFashionClasses,         "fashion-mnist"};
  loadFashionSplit(root, "train", data.trainX, data.trainY);
  loadFashionSplit(root, "t10k", data.testX, data.testY);
  // The data set's own label names, in label order.
  data.classNames = {"T-shirt/top", "Trouser",   "Pullover", "Dress",
                     "Coat",        "Sandal",    "Shirt",    "Sneaker",
                     "Bag",         "Ankle boot"};
  return data;
}

Dataset aicc::rt::loadNpyDataset(const std::string &dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    fail(dir, std::string("npy data set directory not found (it should "
                          "contain ") +
                  kNpyFiles + ")");
  fs::path root(dir);
  std::string paths[4];
  const char *names[4] = {"x_train.npy", "y_train.npy", "x_test.npy",
                          "y_test.npy"};
  for (int i = 0; i < 4; ++i)
    paths[i] = (root / names[i]).string();
  const std::string &xTrainPath = paths[0], &yTrainPath = paths[1],
                    &xTestPath = paths[2], &yTestPath = paths[3];

  Tensor xTrain = toFeatures(readNpyFile(root, names[0]), xTrainPath);
  Tensor xTest = toFeatures(readNpyFile(root, names[2]), xTestPath);
  if (xTrain.dtype() != xTest.dtype())
    fail(xTestPath, fmt::format("features are {} but {}'s are {}",
                                dtypeName(xTest.dtype()), xTrainPath,
                                dtypeName(xTrain.dtype())));
  if (xTrain.shape()[0] == 0)
    fail(xTrainPath, "the training set is empty");
  bool hasYTrain = fs::exists(yTrainPath, ec),
       hasYTest = fs::exists(yTestPath, ec);
  if (!hasYTrain && !hasYTest) {
    // No targets (an autoencoder's data): N x 0 placeholders.
    if (sampleShape(xTrain) != sampleShape(xTest) ||
        xTrain.rank() != xTest.rank())
      fail(xTestPath, "sample shape " + sampleShape(xTest) +
                          " does not match " + xTrainPath + "'s " +
                          sampleShape(xTrain));
    Tensor yTrain(DType::F32, {xTrain.shape()[0], 0});
    Tensor yTest(DType::F32, {xTest.shape()[0], 0});
    return Dataset{std::move(xTrain),
                   std::move(yTrain),
                   std::move(xTest),
                   std::move(yTest),
                   0,
                   "npy:" + dir};
  }
  Tensor yTrainRaw = readNpyFile(root, names[1]);
  Tensor yTestRaw = readNpyFile(root, names[3]);
  if (isFloat(yTrainRaw.dtype()) || isFloat(yTestRaw.dtype())) {
    // Value targets (regression).
    Tensor yTrain = toValues(yTrainRaw, yTrainPath);
    Tensor yTest = toValues(yTestRaw, yTestPath);
    auto checkRows = [](const Tensor &x, const std::string &xPath,
                        const Tensor &y, const std::string &yPath) {
      if (x.shape()[0] != y.shape()[0])
        fail(yPath, fmt::format("{} targets, but {} has {} samples",
                                y.shape()[0], xPath, x.shape()[0]));
    };
    checkRows(xTrain, xTrainPath, yTrain, yTrainPath);
    checkRows(xTest, xTestPath, yTest, yTestPath);
    if (sampleShape(xTrain) != sampleShape(xTest) ||
        xTrain.rank() != xTest.rank())
      fail(xTestPath, "sample shape " + sampleShape(xTest) +
                          " does not match " + xTrainPath + "'s " +
                          sampleShape(xTrain));
    if (sampleShape(yTrain) != sampleShape(yTest) ||
        yTrain.rank() != yTest.rank())
      fail(yTestPath, "target shape " + sampleShape(yTest) +
                          " does not match " + yTrainPath + "'s " +
                          sampleShape(yTrain));
    return Dataset{std::move(xTrain),
                   std::move(yTrain),
                   std::move(xTest),
                   std::move(yTest),
                   0,
                   "npy:" + dir};
  }
  Tensor yTrain = toLabels(yTrainRaw, yTrainPath);
  Tensor yTest = toLabels(yTestRaw, yTestPath);
  if (sampleShape(yTrain) != sampleShape(yTest) ||
      yTrain.rank() != yTest.rank())
    fail(yTestPath, "label shape " + sampleShape(yTest) + " does not match " +
                        yTrainPath + "'s " + sampleShape(yTrain));

  auto checkCount = [](const Tensor &x, const std::string &xPath,
                       const Tensor &y, const std::string &yPath) {
    if (x.shape()[0] != y.shape()[0])
      fail(yPath, fmt::format("{} labels, but {} has {} samples", y.shape()[0],
                              xPath, x.shape()[0]));
  };
  checkCount(xTrain, xTrainPath, yTrain, yTrainPath);
  checkCount(xTest, xTestPath, yTest, yTestPath);
  if (sampleShape(xTrain) != sampleShape(xTest) ||
      xTrain.rank() != xTest.rank())
    fail(xTestPath, "sample shape " + sampleShape(xTest) + " does not match " +
                        xTrainPath + "'s " + sampleShape(xTrain));
  if (xTrain.shape()[0] == 0)
    fail(xTrainPath, "the training set is empty");

  int64_t maxLabel = 0;
  const int64_t *train = yTrain.data<int64_t>();
  for (int64_t i = 0; i < yTrain.numElements(); ++i) {
    if (train[i] < 0)
      fail(yTrainPath,
           fmt::format("label {} at index {} is negative", train[i], i));
    maxLabel = std::max(maxLabel, train[i]);
  }
  int64_t numClasses = maxLabel + 1;
  const int64_t *test = yTest.data<int64_t>();
  for (int64_t i = 0; i < yTest.numElements(); ++i)
    if (test[i] < 0 || test[i] >= numClasses)
      fail(yTestPath,
           fmt::format("label {} at index {} is out of range [0, {}) (the "
                       "classes seen in {})",
                       test[i], i, numClasses, yTrainPath));

  return Dataset{std::move(xTrain), std::move(yTrain), std::move(xTest),
                 std::move(yTest),  numClasses,        "npy:" + dir};
}

Dataset aicc::rt::loadDataset(const std::string &spec) {
  constexpr std::string_view fashion = "fashion-mnist";
  constexpr std::string_view npy = "npy:";
  std::string_view view(spec);
  if (view == fashion)
    return loadFashionMNIST();
  if (view.substr(0, fashion.size() + 1) == "fashion-mnist:" &&
      view.size() > fashion.size() + 1)
    return loadFashionMNIST(std::string(view.substr(fashion.size() + 1)));
  if (view.substr(0, npy.size()) == npy && view.size() > npy.size())
    return loadNpyDataset(std::string(view.substr(npy.size())));
  throw Error("unknown dataset '" + spec +
              "'; expected 'fashion-mnist', 'fashion-mnist:DIR' or 'npy:DIR'");
}
