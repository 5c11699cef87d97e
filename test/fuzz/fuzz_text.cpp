//===- fuzz_text.cpp - fuzz the text corpus loader ------------------------===//
//
// The input is a text file for `--text PATH` (strict UTF-8) and a fortune
// file for "fortunes:DIR" (decoded with replacement, '%' lines dropped).
// Whatever loads is cut into batches as the character models do, and its
// ids must decode back to the text.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "aicc/runtime/Error.h"
#include "aicc/runtime/TextCorpus.h"

#include <cstdio>
#include <cstdlib>

using namespace aicc;

static void exercise(const rt::TextCorpus &corpus) {
  std::vector<int64_t> ids = corpus.train;
  ids.insert(ids.end(), corpus.validation.begin(), corpus.validation.end());
  std::string text = rt::decodeIds(corpus, ids.data(), ids.size());
  if (rt::encodeText(corpus, text) != ids) {
    std::fprintf(stderr, "fuzz_text: ids do not round-trip\n");
    std::abort();
  }
  if (rt::vocabularyFromString(rt::vocabularyToString(corpus.vocabulary)) !=
      corpus.vocabulary) {
    std::fprintf(stderr, "fuzz_text: the vocabulary does not round-trip\n");
    std::abort();
  }
  for (int64_t seq : {1, 3, 16}) {
    try {
      rt::checkCorpusFits(corpus, seq);
    } catch (const rt::Error &) {
      continue;
    }
    std::vector<int64_t> x(2 * seq), y(2 * seq);
    rt::sampleCharBatch(corpus.train, /*seed=*/1, /*step=*/0, 2, seq, x.data(),
                        y.data());
    if (int64_t n = rt::validationSequences(corpus, seq))
      rt::validationBatch(corpus, seq, n - 1, 1, x.data(), y.data());
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text = fuzz::asText(data, size);
  std::filesystem::path file = fuzz::scratchDir() / "corpus.txt";
  fuzz::writeFile(file, text);
  try {
    exercise(rt::loadTextCorpus(file.string()));
  } catch (const rt::Error &) {
  }

  std::filesystem::path dir = fuzz::scratchDir() / "fortunes";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  fuzz::writeFile(dir / "fortune", text);
  try {
    exercise(rt::loadTextCorpus("fortunes:" + dir.string()));
  } catch (const rt::Error &) {
  }
  return 0;
}
