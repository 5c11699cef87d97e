//===- TextCorpus.h - Character corpora for language models -----*- C++ -*-===//
//
// Loads a text corpus for a character-level language model: the text is
// decoded to Unicode code points, its distinct code points (sorted) form the
// vocabulary, and each character becomes its index in the vocabulary. The
// first 95% of the ids are the training set, the rest the validation set.
//
// The default corpus is Debian's fortunes (package `fortunes`), built exactly
// as the PyTorch reference benchmark builds it (load_fortunes in
// bench-ref/refcommon.py), so that losses and vocabularies are comparable.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_RUNTIME_TEXTCORPUS_H
#define AICC_RUNTIME_TEXTCORPUS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aicc::rt {

struct TextCorpus {
  /// The distinct code points of the text, strictly increasing.
  std::vector<char32_t> vocabulary;
  /// Indices into `vocabulary`: the first int(len * 0.95) characters of the
  /// text (computed in double, as Python does) and the remaining ones.
  std::vector<int64_t> train, validation;
  /// "fortunes", "fortunes:DIR" or the path of the text file; used in
  /// messages.
  std::string name;
  /// Number of files read.
  size_t files = 0;
};

/// Where the Debian package fortunes installs the fortune files.
inline constexpr const char *kFortunesDefaultDir = "/usr/share/games/fortunes";

/// Builds the corpus named by `spec`:
///  - "" or "fortunes": the fortune files in kFortunesDefaultDir;
///  - "fortunes:DIR": the fortune files in DIR;
///  - anything else: the path of one UTF-8 text file.
///
/// Fortunes, as the reference does: the files are the directory's entries
/// sorted by name, skipping names ending in ".dat", symlinks (Debian's *.u8
/// links) and anything not a regular file. Each file is decoded as UTF-8
/// replacing each maximal invalid subsequence by U+FFFD (Python's
/// errors="replace"), split on '\n', lines that are "%" apart from
/// whitespace (Python's str.strip()) are dropped, and the rest joined by
/// '\n'; the files' texts are joined by '\n'.
///
/// A text file is taken as is (no '%' removal) and must be valid UTF-8
/// without NUL bytes.
///
/// Throws Error naming the file or directory if it is missing or unreadable
/// (for fortunes with a hint to install the package or pass --text PATH), if
/// the directory has no fortune files, if a text file has a NUL byte or
/// invalid UTF-8 (with its byte offset), or if the text is empty.
TextCorpus loadTextCorpus(const std::string &spec);

/// Throws Error naming the corpus if its training set has fewer than
/// sequenceLength + 2 ids or its validation set fewer than
/// sequenceLength + 1, i.e. is shorter than one sequence plus its targets
/// (training needs one more because sampleCharBatch's start offsets are
/// drawn from [0, size - sequenceLength - 1), as the reference does), or if
/// sequenceLength < 1.
void checkCorpusFits(const TextCorpus &corpus, int64_t sequenceLength);

//===----------------------------------------------------------------------===//
// UTF-8 and vocabularies
//===----------------------------------------------------------------------===//

/// The UTF-8 encoding of `c` (1-4 bytes). Throws Error for surrogates
/// (U+D800..U+DFFF) and values above U+10FFFF, which UTF-8 cannot encode.
std::string encodeUtf8(char32_t c);

/// Decodes strict UTF-8 (no overlong forms, surrogates or values above
/// U+10FFFF). Throws Error "<what>: invalid UTF-8 at byte N" otherwise.
std::vector<char32_t> decodeUtf8(std::string_view utf8,
                                 const std::string &what);

/// Decodes UTF-8 as Python's bytes.decode("utf-8", errors="replace"): each
/// maximal subpart of an ill-formed sequence (Unicode's "U+FFFD substitution
/// of maximal subparts") becomes one U+FFFD. Never throws.
std::vector<char32_t> decodeUtf8Replacing(std::string_view bytes);

/// "'x' (U+0078)" for printable characters, "U+000A" for control
/// characters; for error messages.
std::string describeCodePoint(char32_t c);

/// The ids of the characters of `utf8` in `vocabulary` (strictly
/// increasing). Throws Error listing every distinct character not in the
/// vocabulary, in order of first appearance (e.g. "characters not in the
/// vocabulary of 'fortunes': 'ж' (U+0436), '€' (U+20AC)"), or naming the
/// byte offset of invalid UTF-8. `vocabularyName` names the vocabulary in
/// these messages.
std::vector<int64_t> encodeText(const std::vector<char32_t> &vocabulary,
                                std::string_view utf8,
                                const std::string &vocabularyName);
/// encodeText with the corpus' vocabulary and name.
std::vector<int64_t> encodeText(const TextCorpus &corpus,
                                std::string_view utf8);

/// The UTF-8 text of ids[0..n). Throws Error for an id outside
/// [0, vocabulary.size()).
std::string decodeIds(const std::vector<char32_t> &vocabulary,
                      const int64_t *ids, size_t n);
/// decodeIds with the corpus' vocabulary.
std::string decodeIds(const TextCorpus &corpus, const int64_t *ids, size_t n);

/// The vocabulary as one string, for a checkpoint's string metadata: the
/// UTF-8 encoding of its code points in order. Every code point UTF-8 can
/// encode (U+0000, other control characters, U+FFFD) round-trips through
/// vocabularyFromString; JSON escaping is left to the writer.
std::string vocabularyToString(const std::vector<char32_t> &vocabulary);

/// Parses vocabularyToString's output. Throws Error if the string is empty,
/// not valid UTF-8, or its code points are not strictly increasing (a
/// vocabulary that cannot have come from a corpus, e.g. a corrupt or foreign
/// checkpoint).
std::vector<char32_t> vocabularyFromString(const std::string &text);

//===----------------------------------------------------------------------===//
// Batches
//===----------------------------------------------------------------------===//

/// Fills x and y (row-major batch x seq) with `batch` random windows of
/// `ids`: for start offsets s_b drawn uniformly from [0, ids.size() - seq - 1)
/// (the reference's torch.randint range), x[b][t] = ids[s_b + t] and
/// y[b][t] = ids[s_b + t + 1]. The offsets come from Philox(seed,
/// stream = step) with unbiased rejection (Philox::uniformInt), in order
/// b = 0, 1, ..., so they depend only on (seed, step, ids.size(), seq,
/// batch): a resumed run draws the same batches. Throws Error if batch < 1,
/// seq < 1 or ids.size() < seq + 2.
void sampleCharBatch(const std::vector<int64_t> &ids, uint64_t seed,
                     uint64_t step, int64_t batch, int64_t seq, int64_t *x,
                     int64_t *y);

/// Number of non-overlapping validation sequences of length `seq`:
/// (validation.size() - 1) / seq, as the reference evaluates (0 when the
/// validation set is empty). Throws Error if seq < 1.
int64_t validationSequences(const TextCorpus &corpus, int64_t seq);

/// Fills x and y (row-major count x seq) with validation sequences
/// first..first+count-1: sequence i is x = validation[i*seq .. (i+1)*seq),
/// y = the same shifted by one (the reference's val[:n*seq].view(n, seq) and
/// val[1:n*seq+1].view(n, seq)). Throws Error if seq < 1, first or count is
/// negative, or first + count > validationSequences(corpus, seq).
void validationBatch(const TextCorpus &corpus, int64_t seq, int64_t first,
                     int64_t count, int64_t *x, int64_t *y);

} // namespace aicc::rt

#endif // AICC_RUNTIME_TEXTCORPUS_H
