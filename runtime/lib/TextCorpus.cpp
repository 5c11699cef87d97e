//===- TextCorpus.cpp - Character corpora for language models -------------===//
//
// UTF-8 follows the Unicode standard's Table 3-7 (well-formed byte
// sequences); the replacing decoder substitutes one U+FFFD per maximal
// subpart of an ill-formed sequence, which is what CPython's UTF-8 codec does
// with errors="replace".
//
//===----------------------------------------------------------------------===//

#include "aicc/runtime/TextCorpus.h"

#include "aicc/runtime/Error.h"
#include "aicc/runtime/Philox.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

using namespace aicc::rt;
namespace fs = std::filesystem;

namespace {

constexpr char32_t kMaxCodePoint = 0x10FFFF;
constexpr char32_t kReplacement = 0xFFFD;
constexpr char kFortunesHint[] =
    "install Debian's fortunes package (apt-get install fortunes) or pass "
    "--text PATH";

/// One step of UTF-8 decoding at bytes[pos]: the code point and the bytes
/// it took, or (valid = false) the length of the maximal subpart of an
/// ill-formed sequence starting there (at least 1).
struct Decoded {
  char32_t codePoint;
  size_t length;
  bool valid;
};

Decoded decodeAt(std::string_view bytes, size_t pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(bytes[i]); };
  unsigned char b0 = byte(pos);
  if (b0 < 0x80)
    return {b0, 1, true};
  // The sequence length and the range of the second byte (Table 3-7); the
  // narrower ranges after E0, ED, F0 and F4 exclude overlong forms,
  // surrogates and values above U+10FFFF.
  size_t length;
  unsigned char lo = 0x80, hi = 0xBF;
  char32_t value;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    value = b0 & 0x0F;
    if (b0 == 0xE0)
      lo = 0xA0;
    else if (b0 == 0xED)
      hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    value = b0 & 0x07;
    if (b0 == 0xF0)
      lo = 0x90;
    else if (b0 == 0xF4)
      hi = 0x8F;
  } else {
    return {kReplacement, 1, false}; // 80..C1, F5..FF never start a sequence
  }
  for (size_t k = 1; k < length; ++k) {
    if (pos + k >= bytes.size())
      return {kReplacement, k, false};
    unsigned char b = byte(pos + k);
    if (b < lo || b > hi)
      return {kReplacement, k, false};
    value = (value << 6) | (b & 0x3F);
    lo = 0x80;
    hi = 0xBF;
  }
  return {value, length, true};
}

[[noreturn]] void fail(const std::string &path, const std::string &why) {
  throw Error(path + ": " + why);
}

std::string readWholeFile(const std::string &path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    fail(path, "is a directory, not a text file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(path, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad())
    fail(path, "read error");
  return ss.str();
}

/// Python's str.isspace(): bidirectional class WS, B or S, or category Zs.
bool isPythonSpace(char32_t c) {
  static constexpr char32_t kSpaces[] = {
      0x09, 0x0A, 0x0B, 0x0C,   0x0D,   0x1C,   0x1D,   0x1E,   0x1F,
      0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000};
  if (c > 0x20 && c < 0x85)
    return false;
  return (c >= 0x2000 && c <= 0x200A) ||
         std::find(std::begin(kSpaces), std::end(kSpaces), c) !=
             std::end(kSpaces);
}

/// line.strip() == "%" in Python.
bool isSeparatorLine(const char32_t *begin, const char32_t *end) {
  while (begin != end && isPythonSpace(*begin))
    ++begin;
  while (end != begin && isPythonSpace(end[-1]))
    --end;
  return end - begin == 1 && *begin == U'%';
}

/// Appends the file's lines that are not '%' separators, joined by '\n'.
void appendFortuneFile(const std::vector<char32_t> &text,
                       std::vector<char32_t> &out) {
  bool firstLine = true;
  const char32_t *p = text.data(), *end = p + text.size();
  while (true) {
    const char32_t *eol = std::find(p, end, U'\n');
    if (!isSeparatorLine(p, eol)) {
      if (!firstLine)
        out.push_back(U'\n');
      out.insert(out.end(), p, eol);
      firstLine = false;
    }
    if (eol == end)
      break;
    p = eol + 1;
  }
}

/// The files the reference reads: sorted names, no *.dat, no symlinks, only
/// regular files.
std::vector<std::string> fortuneFiles(const std::string &dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec))
    fail(dir, std::string("no such directory; ") + kFortunesHint);
  if (!fs::is_directory(dir, ec))
    fail(dir, std::string("not a directory; ") + kFortunesHint);
  std::vector<std::string> names;
  fs::directory_iterator it(dir, ec);
  if (ec)
    fail(dir, "cannot list: " + ec.message());
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() >= 4 && name.compare(name.size() - 4, 4, ".dat") == 0)
      continue;
    std::error_code statEc;
    if (fs::is_symlink(it->symlink_status(statEc)) ||
        !fs::is_regular_file(it->status(statEc)))
      continue;
    names.push_back(name);
  }
  if (ec)
    fail(dir, "cannot list: " + ec.message());
  // Byte order of UTF-8 names is code point order, as Python's sorted().
  std::sort(names.begin(), names.end());
  std::vector<std::string> paths;
  for (const std::string &name : names)
    paths.push_back((fs::path(dir) / name).string());
  if (paths.empty())
    fail(dir, std::string("no fortune files (regular files not ending in "
                          "\".dat\"); ") +
                  kFortunesHint);
  return paths;
}

/// Vocabulary, ids and the 95/5 split of `text`.
TextCorpus buildCorpus(const std::vector<char32_t> &text, std::string name,
                       size_t files) {
  if (text.empty())
    fail(name, "the corpus is empty");
  std::vector<int32_t> index(kMaxCodePoint + 1, -1);
  for (char32_t c : text)
    index[c] = 0;
  TextCorpus corpus;
  for (char32_t c = 0; c <= kMaxCodePoint; ++c)
    if (index[c] == 0) {
      index[c] = static_cast<int32_t>(corpus.vocabulary.size());
      corpus.vocabulary.push_back(c);
    }
  // int(len(data) * 0.95) in Python: the product in double, truncated.
  size_t trainSize =
      static_cast<size_t>(static_cast<double>(text.size()) * 0.95);
  corpus.train.reserve(trainSize);
  corpus.validation.reserve(text.size() - trainSize);
  for (size_t i = 0; i < text.size(); ++i)
    (i < trainSize ? corpus.train : corpus.validation)
        .push_back(index[text[i]]);
  corpus.name = std::move(name);
  corpus.files = files;
  return corpus;
}

TextCorpus loadFortunes(const std::string &dir, std::string name) {
  std::vector<std::string> paths = fortuneFiles(dir);
  std::vector<char32_t> text;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (i > 0)
      text.push_back(U'\n');
    appendFortuneFile(decodeUtf8Replacing(readWholeFile(paths[i])), text);
  }
  if (text.empty())
    fail(dir, "the corpus is empty (the fortune files have no text)");
  return buildCorpus(text, std::move(name), paths.size());
}

TextCorpus loadTextFile(const std::string &path) {
  std::string bytes = readWholeFile(path);
  if (const void *nul = std::memchr(bytes.data(), 0, bytes.size()))
    fail(path, fmt::format("binary file (NUL byte at byte {}), not UTF-8 text",
                           static_cast<const char *>(nul) - bytes.data()));
  if (bytes.empty())
    fail(path, "the corpus is empty");
  return buildCorpus(decodeUtf8(bytes, path), path, 1);
}

void checkPositive(int64_t batch, int64_t seq, const char *what) {
  if (batch < 1 || seq < 1)
    throw Error(fmt::format("{}: batch ({}) and sequence length ({}) must be "
                            "positive",
                            what, batch, seq));
}

} // namespace

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

TextCorpus aicc::rt::loadTextCorpus(const std::string &spec) {
  constexpr std::string_view fortunes = "fortunes";
  std::string_view view(spec);
  if (view.empty() || view == fortunes)
    return loadFortunes(kFortunesDefaultDir, "fortunes");
  if (view.substr(0, fortunes.size() + 1) == "fortunes:") {
    if (view.size() == fortunes.size() + 1)
      throw Error("'fortunes:' needs a directory: 'fortunes:DIR'");
    return loadFortunes(std::string(view.substr(fortunes.size() + 1)), spec);
  }
  return loadTextFile(spec);
}

void aicc::rt::checkCorpusFits(const TextCorpus &corpus,
                               int64_t sequenceLength) {
  if (sequenceLength < 1)
    throw Error(fmt::format("sequence length must be positive, got {}",
                            sequenceLength));
  auto check = [&](const std::vector<int64_t> &ids, const char *set,
                   int64_t needed) {
    if (static_cast<int64_t>(ids.size()) < needed)
      fail(corpus.name,
           fmt::format("the {} set ({} characters) is shorter than one "
                       "sequence: sequence length {} needs at least {} "
                       "characters",
                       set, ids.size(), sequenceLength, needed));
  };
  // Training draws start offsets from [0, size - seq - 1), which is empty
  // unless size >= seq + 2.
  check(corpus.train, "training", sequenceLength + 2);
  check(corpus.validation, "validation", sequenceLength + 1);
}

//===----------------------------------------------------------------------===//
// UTF-8 and vocabularies
//===----------------------------------------------------------------------===//

std::string aicc::rt::encodeUtf8(char32_t c) {
  std::string out;
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    if (c >= 0xD800 && c <= 0xDFFF)
      throw Error(fmt::format("cannot encode the surrogate U+{:04X} in UTF-8",
                              static_cast<uint32_t>(c)));
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c <= kMaxCodePoint) {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    throw Error(fmt::format("U+{:04X} is not a Unicode code point",
                            static_cast<uint32_t>(c)));
  }
  return out;
}

std::vector<char32_t> aicc::rt::decodeUtf8(std::string_view utf8,
                                           const std::string &what) {
  std::vector<char32_t> out;
  out.reserve(utf8.size());
  for (size_t pos = 0; pos < utf8.size();) {
    Decoded d = decodeAt(utf8, pos);
    if (!d.valid)
      fail(what, fmt::format("invalid UTF-8 at byte {}", pos));
    out.push_back(d.codePoint);
    pos += d.length;
  }
  return out;
}

std::vector<char32_t> aicc::rt::decodeUtf8Replacing(std::string_view bytes) {
  std::vector<char32_t> out;
  out.reserve(bytes.size());
  for (size_t pos = 0; pos < bytes.size();) {
    Decoded d = decodeAt(bytes, pos);
    out.push_back(d.codePoint); // U+FFFD when !d.valid
    pos += d.length;
  }
  return out;
}

std::string aicc::rt::describeCodePoint(char32_t c) {
  std::string code = fmt::format("U+{:04X}", static_cast<uint32_t>(c));
  // C0/C1 controls, DEL, surrogates and non-code points print only as U+.
  bool printable = c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0) &&
                   !(c >= 0xD800 && c <= 0xDFFF) && c <= kMaxCodePoint;
  if (!printable)
    return code;
  return "'" + encodeUtf8(c) + "' (" + code + ")";
}

std::vector<int64_t>
aicc::rt::encodeText(const std::vector<char32_t> &vocabulary,
                     std::string_view utf8, const std::string &vocabularyName) {
  std::vector<char32_t> text = decodeUtf8(utf8, "text to encode");
  std::vector<int64_t> ids;
  ids.reserve(text.size());
  std::vector<char32_t> missing;
  for (char32_t c : text) {
    auto it = std::lower_bound(vocabulary.begin(), vocabulary.end(), c);
    if (it != vocabulary.end() && *it == c) {
      ids.push_back(it - vocabulary.begin());
    } else if (std::find(missing.begin(), missing.end(), c) == missing.end()) {
      missing.push_back(c);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (char32_t c : missing)
      list += (list.empty() ? "" : ", ") + describeCodePoint(c);
    throw Error(fmt::format("{} not in the vocabulary of '{}': {}",
                            missing.size() == 1 ? "character" : "characters",
                            vocabularyName, list));
  }
  return ids;
}

std::vector<int64_t> aicc::rt::encodeText(const TextCorpus &corpus,
                                          std::string_view utf8) {
  return encodeText(corpus.vocabulary, utf8, corpus.name);
}

std::string aicc::rt::decodeIds(const std::vector<char32_t> &vocabulary,
                                const int64_t *ids, size_t n) {
  std::string out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (ids[i] < 0 || ids[i] >= static_cast<int64_t>(vocabulary.size()))
      throw Error(fmt::format("character id {} at position {} is outside the "
                              "vocabulary of {} characters",
                              ids[i], i, vocabulary.size()));
    out += encodeUtf8(vocabulary[static_cast<size_t>(ids[i])]);
  }
  return out;
}

std::string aicc::rt::decodeIds(const TextCorpus &corpus, const int64_t *ids,
                                size_t n) {
  return decodeIds(corpus.vocabulary, ids, n);
}

std::string
aicc::rt::vocabularyToString(const std::vector<char32_t> &vocabulary) {
  std::string out;
  for (char32_t c : vocabulary)
    out += encodeUtf8(c);
  return out;
}

std::vector<char32_t> aicc::rt::vocabularyFromString(const std::string &text) {
  if (text.empty())
    throw Error("the character vocabulary is empty");
  std::vector<char32_t> vocabulary = decodeUtf8(text, "character vocabulary");
  for (size_t i = 1; i < vocabulary.size(); ++i)
    if (vocabulary[i] <= vocabulary[i - 1])
      throw Error(fmt::format("character vocabulary: not strictly increasing "
                              "at character {}: {} after {}",
                              i, describeCodePoint(vocabulary[i]),
                              describeCodePoint(vocabulary[i - 1])));
  return vocabulary;
}

//===----------------------------------------------------------------------===//
// Batches
//===----------------------------------------------------------------------===//

void aicc::rt::sampleCharBatch(const std::vector<int64_t> &ids, uint64_t seed,
                               uint64_t step, int64_t batch, int64_t seq,
                               int64_t *x, int64_t *y) {
  checkPositive(batch, seq, "sampleCharBatch");
  if (static_cast<int64_t>(ids.size()) < seq + 2)
    throw Error(fmt::format("sampleCharBatch: {} characters are too few for "
                            "sequences of {} (at least {} needed)",
                            ids.size(), seq, seq + 2));
  Philox rng(seed, step);
  uint64_t starts = ids.size() - static_cast<uint64_t>(seq) - 1;
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t *src = ids.data() + rng.uniformInt(starts);
    std::copy(src, src + seq, x + b * seq);
    std::copy(src + 1, src + seq + 1, y + b * seq);
  }
}

int64_t aicc::rt::validationSequences(const TextCorpus &corpus, int64_t seq) {
  if (seq < 1)
    throw Error(fmt::format(
        "validationSequences: sequence length must be positive, got {}", seq));
  if (corpus.validation.empty())
    return 0;
  return static_cast<int64_t>(corpus.validation.size() - 1) / seq;
}

void aicc::rt::validationBatch(const TextCorpus &corpus, int64_t seq,
                               int64_t first, int64_t count, int64_t *x,
                               int64_t *y) {
  int64_t n = validationSequences(corpus, seq);
  if (first < 0 || count < 0 || first > n || count > n - first)
    throw Error(fmt::format("validationBatch: sequences [{}, {}) are outside "
                            "the {} validation sequences of length {}",
                            first, first + count, n, seq));
  const int64_t *src = corpus.validation.data() + first * seq;
  std::copy(src, src + count * seq, x);
  std::copy(src + 1, src + count * seq + 1, y);
}
