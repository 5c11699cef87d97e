//===- DatasetTest.cpp - Tests for data set loading -----------------------===//

#include "aicc/runtime/Dataset.h"

#include "aicc/runtime/Npy.h"

#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <zlib.h>

using namespace aicc::rt;
using ::testing::AllOf;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

namespace {

std::string bigEndian(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
          static_cast<char>(v >> 8), static_cast<char>(v)};
}

/// An IDX file body: magic, dims, data.
std::string idx(uint32_t magic, const std::vector<uint32_t> &dims,
                const std::string &data) {
  std::string bytes = bigEndian(magic);
  for (uint32_t d : dims)
    bytes += bigEndian(d);
  return bytes + data;
}

/// Deterministic pixel bytes covering 0..255.
std::string pixels(int64_t count, int salt) {
  std::string data(static_cast<size_t>(count), '\0');
  for (int64_t i = 0; i < count; ++i)
    data[i] = static_cast<char>((i * 7 + salt) & 0xff);
  return data;
}

std::string labelBytes(const std::vector<int> &labels) {
  std::string data;
  for (int l : labels)
    data += static_cast<char>(l);
  return data;
}

class DatasetTest : public test_support::TempDirTest {
protected:
  void writeGz(const std::string &name, const std::string &bytes) {
    gzFile file = gzopen(path(name).c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())),
              static_cast<int>(bytes.size()));
    ASSERT_EQ(gzclose(file), Z_OK);
  }

  void writeRaw(const std::string &name, const std::string &bytes) {
    std::ofstream out(path(name), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good());
  }

  std::string readRaw(const std::string &name) {
    std::ifstream in(path(name), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  /// A valid synthetic Fashion-MNIST: 5 train and 3 test 28x28 images.
  void writeFashion() {
    writeGz("train-images-idx3-ubyte.gz",
            idx(0x803, {5, 28, 28}, pixels(5 * 784, 0)));
    writeGz("train-labels-idx1-ubyte.gz",
            idx(0x801, {5}, labelBytes({9, 0, 3, 3, 7})));
    writeGz("t10k-images-idx3-ubyte.gz",
            idx(0x803, {3, 28, 28}, pixels(3 * 784, 100)));
    writeGz("t10k-labels-idx1-ubyte.gz",
            idx(0x801, {3}, labelBytes({1, 2, 9})));
  }

  /// Expects loadFashionMNIST(dir) to throw an Error whose message names
  /// `file` and contains `what`.
  void expectFashionError(const std::string &file, const std::string &what) {
    try {
      loadFashionMNIST(dir.string());
      ADD_FAILURE() << "expected aicc::rt::Error mentioning " << what;
    } catch (const Error &e) {
      EXPECT_THAT(e.what(), AllOf(HasSubstr(path(file)), HasSubstr(what)));
    }
  }

  std::string npyError() {
    try {
      loadNpyDataset(dir.string());
    } catch (const Error &e) {
      return e.what();
    }
    ADD_FAILURE() << "expected aicc::rt::Error";
    return "";
  }

  /// A valid npy data set: 6 train / 4 test samples of shape 2x3, 3 classes.
  void writeNpyDataset() {
    std::vector<float> train(36), test(24);
    for (size_t i = 0; i < train.size(); ++i)
      train[i] = 0.5f * static_cast<float>(i);
    for (size_t i = 0; i < test.size(); ++i)
      test[i] = -1.0f * static_cast<float>(i);
    writeNpy(path("x_train.npy"), Tensor::fromValues<float>({6, 2, 3}, train));
    writeNpy(path("y_train.npy"),
             Tensor::fromValues<int32_t>({6}, {0, 2, 1, 1, 0, 2}));
    writeNpy(path("x_test.npy"), Tensor::fromValues<float>({4, 2, 3}, test));
    writeNpy(path("y_test.npy"),
             Tensor::fromValues<int32_t>({4}, {2, 2, 0, 1}));
  }
};

//===----------------------------------------------------------------------===//
// Fashion-MNIST (IDX)
//===----------------------------------------------------------------------===//

TEST_F(DatasetTest, LoadsSyntheticFashionMNIST) {
  writeFashion();
  Dataset data = loadFashionMNIST(dir.string());
  EXPECT_EQ(data.name, "fashion-mnist");
  EXPECT_EQ(data.numClasses, 10);
  ASSERT_EQ(data.trainX.dtype(), DType::F32);
  EXPECT_EQ(data.trainX.shape(), (std::vector<int64_t>{5, 784}));
  EXPECT_EQ(data.testX.shape(), (std::vector<int64_t>{3, 784}));
  ASSERT_EQ(data.trainY.dtype(), DType::I64);
  EXPECT_EQ(data.trainY.shape(), (std::vector<int64_t>{5}));
  EXPECT_EQ(data.testY.shape(), (std::vector<int64_t>{3}));

  std::string train = pixels(5 * 784, 0), test = pixels(3 * 784, 100);
  for (size_t i = 0; i < train.size(); ++i)
    ASSERT_EQ(data.trainX.data<float>()[i],
              static_cast<unsigned char>(train[i]) / 255.0f)
        << i;
  for (size_t i = 0; i < test.size(); ++i)
    ASSERT_EQ(data.testX.data<float>()[i],
              static_cast<unsigned char>(test[i]) / 255.0f)
        << i;
  EXPECT_EQ(std::vector<int64_t>(data.trainY.data<int64_t>(),
                                 data.trainY.data<int64_t>() + 5),
            (std::vector<int64_t>{9, 0, 3, 3, 7}));
  EXPECT_EQ(std::vector<int64_t>(data.testY.data<int64_t>(),
                                 data.testY.data<int64_t>() + 3),
            (std::vector<int64_t>{1, 2, 9}));
}

TEST_F(DatasetTest, LoadDatasetSpecWithFashionDirectory) {
  writeFashion();
  Dataset data = loadDataset("fashion-mnist:" + dir.string());
  EXPECT_EQ(data.trainX.shape()[0], 5);
}

TEST_F(DatasetTest, UncompressedIdxIsAcceptedToo) {
  writeFashion();
  // zlib reads non-gzip files transparently.
  writeRaw("t10k-labels-idx1-ubyte.gz", idx(0x801, {3}, labelBytes({4, 5, 6})));
  Dataset data = loadFashionMNIST(dir.string());
  EXPECT_EQ(data.testY.data<int64_t>()[2], 6);
}

TEST_F(DatasetTest, MissingDirectoryExplainsHowToInstall) {
  std::string missing = path("nope");
  try {
    loadFashionMNIST(missing);
    FAIL() << "expected Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(),
                AllOf(HasSubstr(missing),
                      HasSubstr("install the Debian package "
                                "dataset-fashion-mnist (apt-get install "
                                "dataset-fashion-mnist) or pass --data-dir")));
  }
}

TEST_F(DatasetTest, MissingFileExplainsHowToInstall) {
  writeFashion();
  fs::remove(path("t10k-labels-idx1-ubyte.gz"));
  expectFashionError("t10k-labels-idx1-ubyte.gz",
                     "apt-get install dataset-fashion-mnist");
}

TEST_F(DatasetTest, BadMagic) {
  writeFashion();
  // Labels where images should be.
  writeGz("train-images-idx3-ubyte.gz", idx(0x801, {5}, labelBytes({0})));
  expectFashionError("train-images-idx3-ubyte.gz", "bad IDX magic 0x00000801");
  writeGz("train-images-idx3-ubyte.gz",
          idx(0x0d03, {5, 28, 28}, pixels(5 * 784 * 4, 0)));
  expectFashionError("train-images-idx3-ubyte.gz", "bad IDX magic 0x00000d03");
}

TEST_F(DatasetTest, WrongImageDims) {
  writeFashion();
  writeGz("t10k-images-idx3-ubyte.gz",
          idx(0x803, {3, 28, 27}, pixels(3 * 28 * 27, 0)));
  expectFashionError("t10k-images-idx3-ubyte.gz",
                     "expected 28x28 images, got 28x27");
}

TEST_F(DatasetTest, TruncatedHeader) {
  writeFashion();
  writeGz("train-labels-idx1-ubyte.gz",
          bigEndian(0x801) + std::string(2, '\0'));
  expectFashionError("train-labels-idx1-ubyte.gz", "truncated IDX header");
}

TEST_F(DatasetTest, TruncatedData) {
  writeFashion();
  writeGz("train-images-idx3-ubyte.gz",
          idx(0x803, {5, 28, 28}, pixels(5 * 784 - 1, 0)));
  expectFashionError("train-images-idx3-ubyte.gz",
                     "truncated data: expected 3920 bytes after the header, "
                     "got 3919");
}

TEST_F(DatasetTest, TruncatedGzipStream) {
  writeFashion();
  std::string gz = readRaw("train-images-idx3-ubyte.gz");
  // Cut into the compressed data, and separately only into the trailer.
  for (size_t keep : {gz.size() / 2, gz.size() - 4}) {
    SCOPED_TRACE(keep);
    writeRaw("train-images-idx3-ubyte.gz", gz.substr(0, keep));
    try {
      loadFashionMNIST(dir.string());
      ADD_FAILURE() << "expected Error";
    } catch (const Error &e) {
      EXPECT_THAT(e.what(), HasSubstr(path("train-images-idx3-ubyte.gz")));
      EXPECT_THAT(e.what(), HasSubstr("truncated"));
    }
  }
}

TEST_F(DatasetTest, CorruptGzipData) {
  writeFashion();
  std::string gz = readRaw("train-labels-idx1-ubyte.gz");
  // Damage the CRC32 in the trailer: the content decodes but fails the check.
  gz[gz.size() - 6] ^= 0x55;
  writeRaw("train-labels-idx1-ubyte.gz", gz);
  expectFashionError("train-labels-idx1-ubyte.gz", "corrupt");
}

TEST_F(DatasetTest, TrailingData) {
  writeFashion();
  writeGz("t10k-labels-idx1-ubyte.gz",
          idx(0x801, {3}, labelBytes({1, 2, 9, 4})));
  expectFashionError("t10k-labels-idx1-ubyte.gz", "unexpected trailing data");
}

TEST_F(DatasetTest, ImageLabelCountMismatch) {
  writeFashion();
  writeGz("train-labels-idx1-ubyte.gz",
          idx(0x801, {4}, labelBytes({1, 2, 3, 4})));
  expectFashionError("train-labels-idx1-ubyte.gz", "4 labels, but");
  expectFashionError("train-images-idx3-ubyte.gz", "has 5 images");
}

TEST_F(DatasetTest, LabelOutOfRange) {
  writeFashion();
  writeGz("t10k-labels-idx1-ubyte.gz", idx(0x801, {3}, labelBytes({1, 2, 10})));
  expectFashionError("t10k-labels-idx1-ubyte.gz",
                     "label 10 at index 2 is out of range [0, 10)");
}

TEST_F(DatasetTest, RealFashionMNIST) {
  if (!fs::exists(kFashionMNISTDefaultDir))
    GTEST_SKIP() << kFashionMNISTDefaultDir
                 << " not installed (apt-get install dataset-fashion-mnist)";
  Dataset data = loadDataset("fashion-mnist");
  EXPECT_EQ(data.numClasses, 10);
  EXPECT_EQ(data.trainX.shape(), (std::vector<int64_t>{60000, 784}));
  EXPECT_EQ(data.trainY.shape(), (std::vector<int64_t>{60000}));
  EXPECT_EQ(data.testX.shape(), (std::vector<int64_t>{10000, 784}));
  EXPECT_EQ(data.testY.shape(), (std::vector<int64_t>{10000}));
  std::vector<int64_t> trainCounts(10), testCounts(10);
  for (int64_t i = 0; i < 60000; ++i)
    ++trainCounts.at(static_cast<size_t>(data.trainY.data<int64_t>()[i]));
  for (int64_t i = 0; i < 10000; ++i)
    ++testCounts.at(static_cast<size_t>(data.testY.data<int64_t>()[i]));
  EXPECT_EQ(trainCounts, std::vector<int64_t>(10, 6000));
  EXPECT_EQ(testCounts, std::vector<int64_t>(10, 1000));
  for (const Tensor *x : {&data.trainX, &data.testX}) {
    const float *p = x->data<float>();
    float lo = 1, hi = 0;
    for (int64_t i = 0; i < x->numElements(); ++i) {
      lo = std::min(lo, p[i]);
      hi = std::max(hi, p[i]);
    }
    EXPECT_EQ(lo, 0.0f);
    EXPECT_EQ(hi, 1.0f);
  }
}

//===----------------------------------------------------------------------===//
// npy data sets
//===----------------------------------------------------------------------===//

TEST_F(DatasetTest, LoadsNpyDataset) {
  writeNpyDataset();
  Dataset data = loadNpyDataset(dir.string());
  EXPECT_EQ(data.name, "npy:" + dir.string());
  EXPECT_EQ(data.numClasses, 3);
  EXPECT_EQ(data.trainX.shape(), (std::vector<int64_t>{6, 2, 3}));
  EXPECT_EQ(data.testX.shape(), (std::vector<int64_t>{4, 2, 3}));
  ASSERT_EQ(data.trainY.dtype(), DType::I64);
  EXPECT_EQ(data.trainY.data<int64_t>()[1], 2);
  EXPECT_EQ(data.testY.data<int64_t>()[3], 1);
  EXPECT_EQ(data.trainX.data<float>()[35], 17.5f);
  EXPECT_EQ(data.testX.data<float>()[23], -23.0f);
}

TEST_F(DatasetTest, NpyConvertsF64AndU8FeaturesAndIntegerLabels) {
  writeNpyDataset();
  writeNpy(path("x_train.npy"),
           Tensor::fromValues<double>({6, 1}, {0.1, 1, 2, 3, 4, 1e300}));
  writeNpy(path("x_test.npy"),
           Tensor::fromValues<uint8_t>({4, 1}, {0, 1, 128, 255}));
  writeNpy(path("y_train.npy"),
           Tensor::fromValues<uint8_t>({6}, {0, 1, 2, 3, 4, 5}));
  writeNpy(path("y_test.npy"), Tensor::fromValues<int16_t>({4}, {5, 4, 3, 0}));
  Dataset data = loadDataset("npy:" + dir.string());
  EXPECT_EQ(data.numClasses, 6);
  ASSERT_EQ(data.trainX.dtype(), DType::F32);
  EXPECT_EQ(data.trainX.data<float>()[0], 0.1f);
  EXPECT_TRUE(std::isinf(data.trainX.data<float>()[5]));
  // ui8 features are converted, not rescaled to [0, 1].
  EXPECT_EQ(data.testX.data<float>()[3], 255.0f);
  EXPECT_EQ(data.testY.data<int64_t>()[0], 5);
}

TEST_F(DatasetTest, NpyMissingDirectoryAndFiles) {
  std::string missing = path("nope");
  try {
    loadNpyDataset(missing);
    FAIL() << "expected Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr(missing), HasSubstr("not found")));
  }
  writeNpyDataset();
  fs::remove(path("y_test.npy"));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("y_test.npy")), HasSubstr("not found")));
}

TEST_F(DatasetTest, NpyUnreadableFile) {
  writeNpyDataset();
  writeRaw("x_test.npy", "not an npy file");
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("x_test.npy")), HasSubstr("bad magic")));
}

TEST_F(DatasetTest, NpyFloatTargetsAreValues) {
  writeNpyDataset();
  writeNpy(path("y_train.npy"),
           Tensor::fromValues<double>({6, 2},
                                      {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  writeNpy(path("y_test.npy"), Tensor::zeros(DType::F32, {4, 2}));
  Dataset data = loadNpyDataset(dir.string());
  EXPECT_FALSE(data.hasClasses());
  EXPECT_TRUE(data.hasTargets());
  EXPECT_EQ(data.numClasses, 0);
  EXPECT_EQ(data.trainY.dtype(), DType::F32);
  EXPECT_EQ(data.trainY.shape(), (std::vector<int64_t>{6, 2}));
  EXPECT_EQ(data.trainY.data<float>()[11], 12.0f);
  writeNpy(path("y_test.npy"), Tensor::zeros(DType::F32, {4, 3}));
  EXPECT_THAT(npyError(), AllOf(HasSubstr(path("y_test.npy")),
                                HasSubstr("target shape 3")));
}

TEST_F(DatasetTest, NpySequencesOfTokenIds) {
  // Characters in, the next characters out: N x T ids and N x T labels.
  writeNpy(path("x_train.npy"), Tensor::zeros(DType::I32, {6, 5}));
  writeNpy(path("y_train.npy"),
           Tensor::fromValues<int64_t>({6, 5}, std::vector<int64_t>(30, 7)));
  writeNpy(path("x_test.npy"), Tensor::zeros(DType::I64, {4, 5}));
  writeNpy(path("y_test.npy"), Tensor::zeros(DType::I64, {4, 5}));
  Dataset data = loadNpyDataset(dir.string());
  EXPECT_TRUE(data.hasClasses());
  EXPECT_EQ(data.trainX.dtype(), DType::I64);
  EXPECT_EQ(data.trainY.shape(), (std::vector<int64_t>{6, 5}));
  EXPECT_EQ(data.numClasses, 8);
}

TEST_F(DatasetTest, NpyWithoutTargets) {
  writeNpyDataset();
  std::filesystem::remove(path("y_train.npy"));
  std::filesystem::remove(path("y_test.npy"));
  Dataset data = loadNpyDataset(dir.string());
  EXPECT_FALSE(data.hasTargets());
  EXPECT_EQ(data.trainY.shape(), (std::vector<int64_t>{6, 0}));
  EXPECT_EQ(data.testY.shape(), (std::vector<int64_t>{4, 0}));
  // One y file without the other is an error naming the missing one.
  writeNpy(path("y_train.npy"),
           Tensor::fromValues<int32_t>({6}, {0, 1, 0, 1, 0, 1}));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("y_test.npy")), HasSubstr("not found")));
}

TEST_F(DatasetTest, NpyUnsupportedDTypes) {
  writeNpyDataset();
  writeNpy(path("x_train.npy"), Tensor::zeros(DType::I16, {6, 2, 3}));
  EXPECT_THAT(
      npyError(),
      AllOf(HasSubstr(path("x_train.npy")),
            HasSubstr("f32, f64 or ui8 (or i32/i64 token ids), got i16")));
  // Token ids in one split and pixels in the other.
  writeNpyDataset();
  writeNpy(path("x_train.npy"), Tensor::zeros(DType::I32, {6, 2, 3}));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("x_test.npy")),
                    HasSubstr("features are f32"), HasSubstr("are i64")));
  // Float y are value targets: both files must be.
  writeNpyDataset();
  writeNpy(path("y_train.npy"), Tensor::zeros(DType::F32, {6}));
  EXPECT_THAT(npyError(), AllOf(HasSubstr(path("y_test.npy")),
                                HasSubstr("both y files must agree"),
                                HasSubstr("got i32")));
  writeNpyDataset();
  writeNpy(path("y_test.npy"), Tensor::zeros(DType::Bool, {4}));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("y_test.npy")), HasSubstr("integer dtype")));
}

TEST_F(DatasetTest, NpyBadRanks) {
  writeNpyDataset();
  writeNpy(path("y_train.npy"), Tensor::zeros(DType::I64, {6, 1}));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("y_test.npy")), HasSubstr("label shape")));
  writeNpyDataset();
  writeNpy(path("x_test.npy"), Tensor::zeros(DType::F32, {}));
  EXPECT_THAT(npyError(), AllOf(HasSubstr(path("x_test.npy")),
                                HasSubstr("leading sample dimension")));
}

TEST_F(DatasetTest, NpySampleCountMismatch) {
  writeNpyDataset();
  writeNpy(path("y_train.npy"), Tensor::zeros(DType::I64, {5}));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("y_train.npy")), HasSubstr("5 labels"),
                    HasSubstr(path("x_train.npy") + " has 6 samples")));
  writeNpyDataset();
  writeNpy(path("x_test.npy"), Tensor::zeros(DType::F32, {3, 2, 3}));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("y_test.npy")), HasSubstr("4 labels"),
                    HasSubstr(path("x_test.npy") + " has 3 samples")));
}

TEST_F(DatasetTest, NpySampleShapeMismatch) {
  writeNpyDataset();
  writeNpy(path("x_test.npy"), Tensor::zeros(DType::F32, {4, 3, 2}));
  EXPECT_THAT(npyError(), AllOf(HasSubstr(path("x_test.npy")),
                                HasSubstr("sample shape 3x2 does not match"),
                                HasSubstr("'s 2x3")));
  writeNpyDataset();
  writeNpy(path("x_test.npy"), Tensor::zeros(DType::F32, {4, 6}));
  EXPECT_THAT(npyError(), HasSubstr("sample shape 6 does not match"));
}

TEST_F(DatasetTest, NpyEmptyTrainingSet) {
  writeNpyDataset();
  writeNpy(path("x_train.npy"), Tensor::zeros(DType::F32, {0, 2, 3}));
  writeNpy(path("y_train.npy"), Tensor::zeros(DType::I64, {0}));
  EXPECT_THAT(npyError(),
              AllOf(HasSubstr(path("x_train.npy")), HasSubstr("empty")));
}

TEST_F(DatasetTest, NpyNegativeLabel) {
  writeNpyDataset();
  writeNpy(path("y_train.npy"),
           Tensor::fromValues<int64_t>({6}, {0, 1, 2, -1, 0, 0}));
  EXPECT_THAT(npyError(), HasSubstr(path("y_train.npy") +
                                    ": label -1 at index 3 is negative"));
}

TEST_F(DatasetTest, NpyTestLabelOutOfRange) {
  writeNpyDataset();
  std::vector<int64_t> train(16);
  for (int i = 0; i < 16; ++i)
    train[i] = i % 10;
  writeNpy(path("x_train.npy"), Tensor::zeros(DType::F32, {16, 2, 3}));
  writeNpy(path("y_train.npy"), Tensor::fromValues<int64_t>({16}, train));
  writeNpy(path("x_test.npy"), Tensor::zeros(DType::F32, {6, 2, 3}));
  writeNpy(path("y_test.npy"),
           Tensor::fromValues<int64_t>({6}, {0, 1, 2, 3, 4, 12}));
  EXPECT_THAT(npyError(),
              HasSubstr("y_test.npy: label 12 at index 5 is out of range "
                        "[0, 10)"));
  writeNpy(path("y_test.npy"),
           Tensor::fromValues<int64_t>({6}, {0, -2, 2, 3, 4, 5}));
  EXPECT_THAT(npyError(),
              HasSubstr("y_test.npy: label -2 at index 1 is out of range"));
}

TEST(DatasetSpecTest, UnknownSpecListsAcceptedForms) {
  for (const char *spec : {"mnist", "npy:", "fashion-mnist:", "", "npy"}) {
    try {
      loadDataset(spec);
      ADD_FAILURE() << "expected Error for '" << spec << "'";
    } catch (const Error &e) {
      EXPECT_THAT(e.what(),
                  AllOf(HasSubstr(std::string("'") + spec + "'"),
                        HasSubstr("'fashion-mnist', 'fashion-mnist:DIR' or "
                                  "'npy:DIR'")));
    }
  }
}

} // namespace
