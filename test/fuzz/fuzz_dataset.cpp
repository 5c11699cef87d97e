//===- fuzz_dataset.cpp - fuzz the data-set loaders -----------------------===//
//
// The input is up to four files separated by fuzz::kSeparator. If it starts
// with "npy", they are x_train.npy, y_train.npy, x_test.npy and y_test.npy
// for loadNpyDataset; otherwise the Fashion-MNIST IDX files (gzip'ed or
// not) for loadFashionMNIST. Missing or empty parts leave their files
// absent.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "aicc/runtime/Dataset.h"
#include "aicc/runtime/Error.h"

using namespace aicc;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const kNpyFiles[] = {"x_train.npy", "y_train.npy",
                                          "x_test.npy", "y_test.npy"};
  static const char *const kIdxFiles[] = {
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
      "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
  std::string_view text = fuzz::asText(data, size);
  bool npy = text.substr(0, 3) == "npy";
  if (npy)
    text.remove_prefix(3);
  std::filesystem::path dir = fuzz::scratchDir() / "dataset";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::vector<std::string_view> parts = fuzz::splitFiles(text);
  for (size_t i = 0; i < parts.size() && i < 4; ++i)
    if (!parts[i].empty())
      fuzz::writeFile(dir / (npy ? kNpyFiles : kIdxFiles)[i], parts[i]);
  try {
    rt::Dataset set = npy ? rt::loadNpyDataset(dir.string())
                          : rt::loadFashionMNIST(dir.string());
    (void)set;
  } catch (const rt::Error &) {
  }
  return 0;
}
