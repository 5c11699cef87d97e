//===- fuzz_safetensors.cpp - fuzz checkpoint reading ---------------------===//
//
// loadSafetensors reads a path, so each input is written to a scratch file.
// What it accepts goes through the checks a resumed run applies: the tensors
// against themselves (checkCheckpointMatches), the metadata through
// resumeFrom (aicc::TrainingError on bad fields) and a character model's
// vocabulary (vocabularyFromString). A save/load round trip must keep the
// tensors and the metadata.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "aicc/Trainer.h"
#include "aicc/runtime/Checkpoint.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/TextCorpus.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace aicc;

static void check(bool ok, const char *what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz_safetensors: %s\n", what);
    std::abort();
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string path = (fuzz::scratchDir() / "input.safetensors").string();
  fuzz::writeFile(path, fuzz::asText(data, size));
  std::map<std::string, std::string> metadata;
  std::vector<rt::NamedTensor> tensors;
  try {
    tensors = rt::loadSafetensors(path, &metadata);
  } catch (const rt::Error &) {
    return 0;
  }

  std::vector<std::pair<std::string, const rt::Tensor *>> expected;
  for (const rt::NamedTensor &t : tensors)
    expected.push_back({t.name, &t.tensor});
  rt::checkCheckpointMatches(tensors, expected, path);

  try {
    FitOptions options;
    resumeFrom(options, metadata);
  } catch (const TrainingError &) {
  }
  if (auto it = metadata.find("vocabulary"); it != metadata.end()) {
    try {
      rt::vocabularyFromString(it->second);
    } catch (const rt::Error &) {
    }
  }

  std::string copyPath = (fuzz::scratchDir() / "copy.safetensors").string();
  rt::saveSafetensors(copyPath, expected, metadata);
  std::map<std::string, std::string> copyMetadata;
  std::vector<rt::NamedTensor> copy =
      rt::loadSafetensors(copyPath, &copyMetadata);
  check(copyMetadata == metadata, "the round trip changed the metadata");
  check(copy.size() == tensors.size(), "the round trip lost tensors");
  for (size_t i = 0; i < copy.size(); ++i) {
    const rt::Tensor &a = tensors[i].tensor, &b = copy[i].tensor;
    check(copy[i].name == tensors[i].name && a.dtype() == b.dtype() &&
              a.shape() == b.shape() && a.byteSize() == b.byteSize() &&
              (!a.byteSize() ||
               std::memcmp(a.data(), b.data(), a.byteSize()) == 0),
          "the round trip changed a tensor");
  }
  return 0;
}
