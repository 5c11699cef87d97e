//===- TextCorpusTest.cpp - Tests for character corpora -------------------===//

#include "aicc/runtime/TextCorpus.h"

#include "aicc/runtime/Error.h"

#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

using namespace aicc::rt;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

namespace {

/// The message of the Error `fn` throws; fails the test if it throws none.
template <class Fn> std::string errorOf(Fn &&fn) {
  try {
    fn();
  } catch (const Error &e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an aicc::rt::Error";
  return "";
}

/// The text of the corpus: train followed by validation, as UTF-8.
std::string corpusText(const TextCorpus &corpus) {
  std::vector<int64_t> ids = corpus.train;
  ids.insert(ids.end(), corpus.validation.begin(), corpus.validation.end());
  return decodeIds(corpus, ids.data(), ids.size());
}

class TextCorpusTest : public test_support::TempDirTest {
protected:
  void write(const std::string &name, const std::string &bytes) {
    fs::create_directories(fs::path(path(name)).parent_path());
    std::ofstream out(path(name), std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good());
  }
};

//===----------------------------------------------------------------------===//
// UTF-8
//===----------------------------------------------------------------------===//

// Expected values from Python 3: bytes.decode("utf-8", errors="replace").
TEST(TextCorpusUtf8, ReplacingDecoderMatchesPython) {
  constexpr char32_t R = 0xFFFD;
  EXPECT_THAT(decodeUtf8Replacing("\xff"), ElementsAre(R));
  EXPECT_THAT(decodeUtf8Replacing("\xf5"), ElementsAre(R));
  EXPECT_THAT(decodeUtf8Replacing("\x80\x80"), ElementsAre(R, R));
  // A truncated sequence at the end is one maximal subpart.
  EXPECT_THAT(decodeUtf8Replacing("a\xe2\x82"), ElementsAre(U'a', R));
  EXPECT_THAT(decodeUtf8Replacing("\xf0\x9f\x98"), ElementsAre(R));
  EXPECT_THAT(decodeUtf8Replacing("\xc2"), ElementsAre(R));
  // ... and in the middle.
  EXPECT_THAT(decodeUtf8Replacing("\xe2\x82\x62" /* b */),
              ElementsAre(R, U'b'));
  EXPECT_THAT(decodeUtf8Replacing("\xf0\x9f\x98x"), ElementsAre(R, U'x'));
  EXPECT_THAT(decodeUtf8Replacing("\xe1\x80\xc0"), ElementsAre(R, R));
  // Surrogates, overlong forms and values above U+10FFFF: the second byte is
  // out of range, so every byte is its own subpart.
  EXPECT_THAT(decodeUtf8Replacing("\xed\xa0\x80"), ElementsAre(R, R, R));
  EXPECT_THAT(decodeUtf8Replacing("\xc0\xaf"), ElementsAre(R, R));
  EXPECT_THAT(decodeUtf8Replacing("\xe0\x80\x80"), ElementsAre(R, R, R));
  EXPECT_THAT(decodeUtf8Replacing("\xf4\x90\x80\x80"), ElementsAre(R, R, R, R));
  // Valid input decodes normally.
  EXPECT_THAT(decodeUtf8Replacing("\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9"),
              ElementsAre(char32_t(0x20AC), char32_t(0x1F600), char32_t(0xE9)));
  EXPECT_THAT(decodeUtf8Replacing(std::string_view("a\0b", 3)),
              ElementsAre(U'a', U'\0', U'b'));
}

TEST(TextCorpusUtf8, StrictDecoderNamesTheOffset) {
  EXPECT_THAT(decodeUtf8("\xe2\x82\xac", "x"), ElementsAre(char32_t(0x20AC)));
  EXPECT_EQ(errorOf([] { decodeUtf8("ab\xc0\xaf", "f.txt"); }),
            "f.txt: invalid UTF-8 at byte 2");
  EXPECT_EQ(errorOf([] { decodeUtf8("a\xed\xa0\x80", "f.txt"); }),
            "f.txt: invalid UTF-8 at byte 1");
  EXPECT_EQ(errorOf([] { decodeUtf8("abc\xe2\x82", "f.txt"); }),
            "f.txt: invalid UTF-8 at byte 3");
}

TEST(TextCorpusUtf8, EncodeRoundTripsEveryCodePoint) {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF)
      continue;
    std::string bytes = encodeUtf8(c);
    std::vector<char32_t> back = decodeUtf8(bytes, "x");
    ASSERT_EQ(back.size(), 1u) << std::hex << uint32_t(c);
    ASSERT_EQ(back[0], c);
  }
  EXPECT_EQ(encodeUtf8(0x20AC), "\xe2\x82\xac");
  EXPECT_THAT(errorOf([] { encodeUtf8(0xD800); }), HasSubstr("U+D800"));
  EXPECT_THAT(errorOf([] { encodeUtf8(0x110000); }), HasSubstr("U+110000"));
}

//===----------------------------------------------------------------------===//
// Vocabularies and encoding
//===----------------------------------------------------------------------===//

TEST(TextCorpusVocabulary, EncodeAndDecodeRoundTrip) {
  std::vector<char32_t> vocabulary = {U'\n', U' ', U'a', U'b', 0xE9, 0x20AC};
  std::string text = "ab \xc3\xa9\n\xe2\x82\xac\x61" /* a */;
  std::vector<int64_t> ids = encodeText(vocabulary, text, "v");
  EXPECT_THAT(ids, ElementsAre(2, 3, 1, 4, 0, 5, 2));
  EXPECT_EQ(decodeIds(vocabulary, ids.data(), ids.size()), text);
  EXPECT_TRUE(encodeText(vocabulary, "", "v").empty());
}

TEST(TextCorpusVocabulary, EncodeNamesEveryUnknownCharacter) {
  TextCorpus corpus;
  corpus.vocabulary = {U'a', U'b'};
  corpus.name = "fortunes";
  EXPECT_EQ(errorOf([&] {
              encodeText(corpus, "a\xd0\xb6\x62\xe2\x82\xac\xd0\xb6\n");
            }),
            "characters not in the vocabulary of 'fortunes': "
            "'\xd0\xb6' (U+0436), '\xe2\x82\xac' (U+20AC), U+000A");
  EXPECT_EQ(errorOf([&] { encodeText(corpus, "abc"); }),
            "character not in the vocabulary of 'fortunes': 'c' (U+0063)");
  EXPECT_THAT(errorOf([&] { encodeText(corpus, "ab\xff"); }),
              HasSubstr("invalid UTF-8 at byte 2"));
}

TEST(TextCorpusVocabulary, DecodeRejectsOutOfRangeIds) {
  std::vector<char32_t> vocabulary = {U'a', U'b'};
  int64_t ids[] = {0, 1, 2};
  EXPECT_EQ(decodeIds(vocabulary, ids, 2), "ab");
  EXPECT_EQ(errorOf([&] { decodeIds(vocabulary, ids, 3); }),
            "character id 2 at position 2 is outside the vocabulary of 2 "
            "characters");
  int64_t negative = -1;
  EXPECT_THAT(errorOf([&] { decodeIds(vocabulary, &negative, 1); }),
              HasSubstr("character id -1"));
}

TEST(TextCorpusVocabulary, StringRoundTripsControlsAndReplacement) {
  std::vector<char32_t> vocabulary = {0,     U'\t', U'\n', U'\r',  U'"',
                                      U'\\', 0x7F,  0x85,  0xFFFD, 0x10FFFF};
  std::string text = vocabularyToString(vocabulary);
  EXPECT_EQ(text.size(), 1u + 1 + 1 + 1 + 1 + 1 + 1 + 2 + 3 + 4);
  EXPECT_EQ(vocabularyFromString(text), vocabulary);
}

TEST(TextCorpusVocabulary, FromStringValidates) {
  EXPECT_EQ(errorOf([] { vocabularyFromString(""); }),
            "the character vocabulary is empty");
  EXPECT_EQ(errorOf([] { vocabularyFromString("ab\xff"); }),
            "character vocabulary: invalid UTF-8 at byte 2");
  EXPECT_EQ(errorOf([] { vocabularyFromString("abb"); }),
            "character vocabulary: not strictly increasing at character 2: "
            "'b' (U+0062) after 'b' (U+0062)");
  EXPECT_THAT(errorOf([] { vocabularyFromString("ba"); }),
              HasSubstr("not strictly increasing at character 1"));
}

//===----------------------------------------------------------------------===//
// Loading
//===----------------------------------------------------------------------===//

TEST_F(TextCorpusTest, FortunesAsTheReferenceBuildsThem) {
  // Sorted by name; *.dat, symlinks and directories are skipped; '%' lines
  // (also with surrounding whitespace, including Python-only whitespace such
  // as U+00A0 and \x1c) are dropped; invalid bytes become U+FFFD.
  write("b", "b1\n%\nb2\r\n %\t\r\n");
  write("a", "a1\n\xc2\xa0%\x1c\n%%\na\xff\x32");
  write("a.dat", "dat");
  write("sub/c", "c");
  fs::create_symlink(path("a"), path("a.u8"));
  TextCorpus corpus = loadTextCorpus("fortunes:" + dir.string());
  EXPECT_EQ(corpus.files, 2u);
  EXPECT_EQ(corpus.name, "fortunes:" + dir.string());
  // Python: "\n".join(["a1\n%%\na\ufffd2", "b1\nb2\r\n"]).
  std::string expected = "a1\n%%\na\xef\xbf\xbd\x32\nb1\nb2\r\n";
  EXPECT_EQ(corpusText(corpus), expected);
  EXPECT_THAT(corpus.vocabulary, ElementsAre(U'\n', U'\r', U'%', U'1', U'2',
                                             U'a', U'b', char32_t(0xFFFD)));
  // 17 characters: int(17 * 0.95) = 16 for training.
  EXPECT_EQ(corpus.train.size(), 16u);
  EXPECT_EQ(corpus.validation.size(), 1u);
}

TEST_F(TextCorpusTest, FortunesEmptyFilesStillJoinWithNewlines) {
  write("a", "%\n");
  write("b", "");
  write("c", "x");
  // Python: chunks "" (from ["%", ""]), "" and "x" joined by "\n".
  TextCorpus corpus = loadTextCorpus("fortunes:" + dir.string());
  EXPECT_EQ(corpusText(corpus), "\n\nx");
}

TEST_F(TextCorpusTest, FortunesErrors) {
  std::string missing = path("missing");
  std::string message = errorOf([&] { loadTextCorpus("fortunes:" + missing); });
  EXPECT_THAT(message, HasSubstr(missing + ": no such directory"));
  EXPECT_THAT(message, HasSubstr("install Debian's fortunes package"));
  EXPECT_THAT(message, HasSubstr("--text PATH"));

  write("only.dat", "x");
  EXPECT_THAT(errorOf([&] { loadTextCorpus("fortunes:" + dir.string()); }),
              HasSubstr(dir.string() + ": no fortune files"));
  write("a", "%\n%");
  EXPECT_THAT(errorOf([&] { loadTextCorpus("fortunes:" + dir.string()); }),
              HasSubstr(dir.string() + ": the corpus is empty"));
  EXPECT_THAT(errorOf([&] { loadTextCorpus("fortunes:"); }),
              HasSubstr("fortunes:DIR"));
}

TEST_F(TextCorpusTest, TextFileIsTakenAsIs) {
  std::string text = "%\nx\xc3\xa9y\n%\n";
  write("t.txt", text);
  TextCorpus corpus = loadTextCorpus(path("t.txt"));
  EXPECT_EQ(corpus.name, path("t.txt"));
  EXPECT_EQ(corpus.files, 1u);
  EXPECT_EQ(corpusText(corpus), text);
  EXPECT_THAT(corpus.vocabulary,
              ElementsAre(U'\n', U'%', U'x', U'y', char32_t(0xE9)));
  // 8 characters: int(8 * 0.95) = 7.
  EXPECT_EQ(corpus.train.size(), 7u);
  EXPECT_EQ(corpus.validation.size(), 1u);
}

TEST_F(TextCorpusTest, SplitTruncatesLikePython) {
  // int(n * 0.95) for a few sizes (Python: [int(n * 0.95) for n in ...]).
  const std::pair<size_t, size_t> sizes[] = {{1, 0},   {19, 18},  {20, 19},
                                             {21, 19}, {100, 95}, {1000, 950}};
  for (auto [n, train] : sizes) {
    write("t.txt", std::string(n, 'q'));
    TextCorpus corpus = loadTextCorpus(path("t.txt"));
    EXPECT_EQ(corpus.train.size(), train) << n;
    EXPECT_EQ(corpus.validation.size(), n - train) << n;
  }
}

TEST_F(TextCorpusTest, TextFileErrors) {
  EXPECT_THAT(errorOf([&] { loadTextCorpus(path("none.txt")); }),
              HasSubstr(path("none.txt") + ": cannot open: No such file"));
  EXPECT_THAT(errorOf([&] { loadTextCorpus(dir.string()); }),
              HasSubstr(dir.string() + ": is a directory"));
  write("empty.txt", "");
  EXPECT_EQ(errorOf([&] { loadTextCorpus(path("empty.txt")); }),
            path("empty.txt") + ": the corpus is empty");
  write("bin", std::string("ab\0cd", 5));
  EXPECT_EQ(errorOf([&] { loadTextCorpus(path("bin")); }),
            path("bin") + ": binary file (NUL byte at byte 2), not UTF-8 text");
  write("latin1.txt", "caf\xe9\n");
  EXPECT_EQ(errorOf([&] { loadTextCorpus(path("latin1.txt")); }),
            path("latin1.txt") + ": invalid UTF-8 at byte 3");
}

TEST_F(TextCorpusTest, CheckCorpusFits) {
  write("t.txt", std::string(100, 'q')); // 95 training, 5 validation
  TextCorpus corpus = loadTextCorpus(path("t.txt"));
  EXPECT_NO_THROW(checkCorpusFits(corpus, 4));
  EXPECT_EQ(errorOf([&] { checkCorpusFits(corpus, 5); }),
            path("t.txt") + ": the validation set (5 characters) is shorter "
                            "than one sequence: sequence length 5 needs at "
                            "least 6 characters");
  EXPECT_THAT(errorOf([&] { checkCorpusFits(corpus, 94); }),
              HasSubstr("the training set (95 characters) is shorter than one "
                        "sequence"));
  EXPECT_THAT(errorOf([&] { checkCorpusFits(corpus, 0); }),
              HasSubstr("must be positive"));
}

// The real corpus, where installed: the reference's figures for Debian 12's
// fortunes-min/fortunes packages are not pinned here (they depend on the
// installed packages); check the invariants instead.
TEST(TextCorpusFortunes, DefaultDirectory) {
  std::error_code ec;
  if (!fs::is_directory(kFortunesDefaultDir, ec))
    GTEST_SKIP() << kFortunesDefaultDir << " is absent";
  TextCorpus corpus = loadTextCorpus("fortunes");
  EXPECT_EQ(corpus.name, "fortunes");
  EXPECT_GT(corpus.files, 0u);
  EXPECT_TRUE(
      std::is_sorted(corpus.vocabulary.begin(), corpus.vocabulary.end()));
  size_t total = corpus.train.size() + corpus.validation.size();
  EXPECT_EQ(corpus.train.size(),
            static_cast<size_t>(static_cast<double>(total) * 0.95));
  std::set<int64_t> used(corpus.train.begin(), corpus.train.end());
  used.insert(corpus.validation.begin(), corpus.validation.end());
  EXPECT_EQ(used.size(), corpus.vocabulary.size());
  EXPECT_EQ(*used.begin(), 0);
  EXPECT_EQ(*used.rbegin(), int64_t(corpus.vocabulary.size()) - 1);
  EXPECT_NO_THROW(checkCorpusFits(corpus, 64));
  // The vocabulary survives a checkpoint's metadata.
  EXPECT_EQ(vocabularyFromString(vocabularyToString(corpus.vocabulary)),
            corpus.vocabulary);
  EXPECT_EQ(loadTextCorpus("").vocabulary, corpus.vocabulary);
}

//===----------------------------------------------------------------------===//
// Batches
//===----------------------------------------------------------------------===//

std::vector<int64_t> iota(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    v[i] = i;
  return v;
}

TEST(TextCorpusBatches, SampleWindowsAreShiftedAndInRange) {
  // ids[i] = i, so each row is a run start, start + 1, ...
  const int64_t n = 50, batch = 64, seq = 8;
  std::vector<int64_t> ids = iota(n);
  std::vector<int64_t> x(batch * seq), y(batch * seq);
  std::set<int64_t> starts;
  for (uint64_t step = 0; step < 20; ++step) {
    sampleCharBatch(ids, 7, step, batch, seq, x.data(), y.data());
    for (int64_t b = 0; b < batch; ++b) {
      int64_t start = x[b * seq];
      // [0, n - seq - 1) as the reference's torch.randint.
      ASSERT_GE(start, 0);
      ASSERT_LT(start, n - seq - 1);
      starts.insert(start);
      for (int64_t t = 0; t < seq; ++t) {
        ASSERT_EQ(x[b * seq + t], start + t);
        ASSERT_EQ(y[b * seq + t], start + t + 1);
      }
    }
  }
  // 1280 draws cover all 41 offsets.
  EXPECT_EQ(starts.size(), size_t(n - seq - 1));
}

TEST(TextCorpusBatches, SampleIsDeterministicPerSeedAndStep) {
  std::vector<int64_t> ids = iota(10000);
  const int64_t batch = 16, seq = 32;
  auto draw = [&](uint64_t seed, uint64_t step) {
    std::vector<int64_t> x(batch * seq), y(batch * seq);
    sampleCharBatch(ids, seed, step, batch, seq, x.data(), y.data());
    return x;
  };
  EXPECT_EQ(draw(1, 5), draw(1, 5));
  EXPECT_NE(draw(1, 5), draw(1, 6));
  EXPECT_NE(draw(1, 5), draw(2, 5));
  // A resumed run (fresh call for step 6 without having drawn 0..5 in this
  // process) gets the same batch as the uninterrupted run.
  std::vector<int64_t> uninterrupted;
  for (uint64_t step = 0; step <= 6; ++step)
    uninterrupted = draw(3, step);
  EXPECT_EQ(uninterrupted, draw(3, 6));
}

TEST(TextCorpusBatches, SampleNeedsOneSequencePlusTargetsPlusOne) {
  std::vector<int64_t> x(8), y(8);
  // seq + 2 ids: exactly one possible start (0).
  std::vector<int64_t> ids = iota(10);
  sampleCharBatch(ids, 0, 0, 1, 8, x.data(), y.data());
  EXPECT_EQ(x, iota(8));
  EXPECT_EQ(y, std::vector<int64_t>({1, 2, 3, 4, 5, 6, 7, 8}));
  ids.pop_back();
  EXPECT_THAT(
      errorOf([&] { sampleCharBatch(ids, 0, 0, 1, 8, x.data(), y.data()); }),
      HasSubstr("9 characters are too few for sequences of 8"));
  EXPECT_THAT(
      errorOf([&] { sampleCharBatch(ids, 0, 0, 0, 4, x.data(), y.data()); }),
      HasSubstr("must be positive"));
}

TEST(TextCorpusBatches, ValidationSequencesAsTheReference) {
  TextCorpus corpus;
  corpus.validation = iota(23);
  // n = (23 - 1) / 5 = 4; xs = val[:20].view(4, 5), ys = val[1:21].view(4, 5).
  EXPECT_EQ(validationSequences(corpus, 5), 4);
  std::vector<int64_t> x(10), y(10);
  validationBatch(corpus, 5, 2, 2, x.data(), y.data());
  EXPECT_EQ(x, std::vector<int64_t>({10, 11, 12, 13, 14, 15, 16, 17, 18, 19}));
  EXPECT_EQ(y, std::vector<int64_t>({11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
  // (21 - 1) / 5 = 4 still: the last target is the last id.
  corpus.validation = iota(21);
  EXPECT_EQ(validationSequences(corpus, 5), 4);
  validationBatch(corpus, 5, 3, 1, x.data(), y.data());
  EXPECT_EQ(y[4], 20);
  corpus.validation = iota(20);
  EXPECT_EQ(validationSequences(corpus, 5), 3);
  corpus.validation.clear();
  EXPECT_EQ(validationSequences(corpus, 5), 0);

  corpus.validation = iota(23);
  EXPECT_EQ(
      errorOf([&] { validationBatch(corpus, 5, 3, 2, x.data(), y.data()); }),
      "validationBatch: sequences [3, 5) are outside the 4 validation "
      "sequences of length 5");
  EXPECT_THAT(
      errorOf([&] { validationBatch(corpus, 5, -1, 1, x.data(), y.data()); }),
      HasSubstr("outside"));
  EXPECT_THAT(errorOf([&] { validationSequences(corpus, 0); }),
              HasSubstr("must be positive"));
}

} // namespace
