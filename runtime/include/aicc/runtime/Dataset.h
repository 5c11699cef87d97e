//===- Dataset.h - Training data sets ---------------------------*- C++ -*-===//
//
// Loads data sets into memory: features f32 of shape N x ..., and targets:
// class labels (i64 of shape N in [0, numClasses)), values (f32 of shape
// N x ..., regression), or none (f32 of shape N x 0: autoencoders).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_DATASET_H
#define AICC_RUNTIME_DATASET_H

#include "aicc/runtime/BatchIterator.h"
#include "aicc/runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace aicc::rt {

struct Dataset {
  Tensor trainX, trainY, testX, testY;
  /// Classes of the labels; 0 for value targets or none.
  int64_t numClasses;
  /// "fashion-mnist" or "npy:<dir>".
  std::string name;
  /// Names of the classes 0..numClasses-1 where the data set has them
  /// (Fashion-MNIST); empty otherwise.
  std::vector<std::string> classNames = {};

  /// Targets are class labels (i64, rank 1).
  bool hasClasses() const { return trainY.dtype() == DType::I64; }
  /// There are targets at all (labels or values), not an N x 0 tensor.
  bool hasTargets() const {
    return !(trainY.rank() == 2 && trainY.shape()[1] == 0);
  }
};

/// Where the Debian package dataset-fashion-mnist installs the data.
inline constexpr const char *kFashionMNISTDefaultDir =
    "/usr/share/datasets/fashion-mnist";

/// Reads {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (gzip-compressed
/// big-endian IDX; uncompressed files under the same names work too) from
/// `dir`, or kFashionMNISTDefaultDir if empty. Images become N x 784 f32
/// pixels / 255 (no mean/std normalization), labels i64; numClasses = 10.
/// Throws Error naming the file on a missing directory/file (with a hint to
/// install dataset-fashion-mnist or pass --data-dir), bad magic, dims other
/// than 28x28, truncated or corrupt data, trailing bytes, image/label count
/// mismatch or a label >= 10.
Dataset loadFashionMNIST(const std::string &dir = "");

/// Reads x_train.npy, y_train.npy, x_test.npy, y_test.npy from `dir`.
/// Features (rank >= 1) may be f32, f64 (rounded to f32) or ui8 (converted
/// to f32 WITHOUT rescaling to [0, 1]), or i32/i64 token ids (sequences,
/// kept as i64). Targets: integer y (i8/i16/i32/i64/ui8; N, or N x T for a
/// label per sequence position) are class labels and become i64,
/// numClasses = max train label + 1; float y (f32/f64, rank >= 1) are values (regression) and
/// become f32, numClasses = 0; without both y files the data set has no
/// targets (trainY/testY are N x 0 f32). Throws Error naming the file if a file
/// is missing, a dtype is not supported, x and y sample counts differ,
/// train/test sample shapes differ, the training set is empty, a label is
/// negative or a test label is
/// >= numClasses.
Dataset loadNpyDataset(const std::string &dir);

/// "fashion-mnist", "fashion-mnist:DIR" or "npy:DIR"; anything else throws
/// Error listing these forms.
Dataset loadDataset(const std::string &spec);

} // namespace aicc::rt

#endif // AICC_RUNTIME_DATASET_H
