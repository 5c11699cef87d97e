//===- CheckpointTest.cpp - Tests for safetensors checkpoints -------------===//

#include "aicc/runtime/Checkpoint.h"

#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

using namespace aicc::rt;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace fs = std::filesystem;
using TensorList = std::vector<std::pair<std::string, const Tensor *>>;

namespace {

/// The pattern used here includes NaN, -inf, -0 and a denormal: a checkpoint
/// must keep their bits.
void fillPattern(Tensor &t) {
  test_support::fillPattern(t, /*specialFloats=*/true);
}

bool sameBytes(const Tensor &a, const Tensor &b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         std::memcmp(a.data(), b.data(), a.byteSize()) == 0;
}

class CheckpointTest : public test_support::TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    w1 = Tensor(DType::F32, {4, 3});
    b1 = Tensor(DType::F32, {3});
    step = Tensor(DType::I64, {});
    fillPattern(w1);
    fillPattern(b1);
    step.data<int64_t>()[0] = 1234567890123;
  }
  TensorList model() { return {{"w1", &w1}, {"b1", &b1}, {"step", &step}}; }

  void writeFile(const std::string &p, const std::string &bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    ASSERT_TRUE(out.good());
  }

  /// A valid checkpoint's bytes.
  std::string validBytes() {
    std::string p = path("valid.safetensors");
    saveSafetensors(p, model(), {{"epoch", "3"}});
    return readFile(p);
  }

  /// Writes `bytes` and returns the Error message from loading them (empty
  /// and a test failure if loading succeeds or throws anything else).
  std::string loadError(const std::string &bytes) {
    std::string p = path("bad.safetensors");
    writeFile(p, bytes);
    try {
      loadSafetensors(p);
    } catch (const Error &e) {
      EXPECT_THAT(e.what(), StartsWith(p + ": "));
      return e.what();
    }
    ADD_FAILURE() << "expected aicc::rt::Error";
    return "";
  }

  /// A file with the given header text (padded to 8) and data bytes.
  static std::string withHeader(std::string header, const std::string &data) {
    header.append((8 - header.size() % 8) % 8, ' ');
    std::string bytes(8, '\0');
    uint64_t n = header.size();
    for (int i = 0; i < 8; ++i)
      bytes[i] = static_cast<char>(n >> (8 * i));
    return bytes + header + data;
  }

  /// Files in `dir` other than `except`.
  std::vector<std::string> strayFiles(const std::set<std::string> &except) {
    std::vector<std::string> result;
    for (const auto &entry : fs::directory_iterator(dir))
      if (!except.count(entry.path().filename().string()))
        result.push_back(entry.path().filename().string());
    return result;
  }

  Tensor w1{DType::F32, {0}}, b1{DType::F32, {0}}, step{DType::I64, {0}};
};

//===----------------------------------------------------------------------===//
// Round trips and layout
//===----------------------------------------------------------------------===//

TEST_F(CheckpointTest, RoundTripEveryDTypeBitExact) {
  const DType dtypes[] = {DType::F32, DType::F64, DType::I8, DType::I16,
                          DType::I32, DType::I64, DType::U8, DType::Bool};
  const std::vector<int64_t> shapes[] = {{}, {5}, {2, 3, 4}, {0}, {3, 0}};
  std::vector<Tensor> tensors;
  std::vector<std::string> names;
  for (DType dtype : dtypes) {
    for (const std::vector<int64_t> &shape : shapes) {
      tensors.emplace_back(dtype, shape);
      fillPattern(tensors.back());
      Tensor probe(dtype, shape);
      names.push_back(std::string(dtypeName(dtype)) + "/" +
                      probe.shapeString());
    }
  }
  TensorList list;
  for (size_t i = 0; i < tensors.size(); ++i)
    list.emplace_back(names[i], &tensors[i]);
  std::string p = path("all.safetensors");
  std::map<std::string, std::string> meta = {{"format", "pt"},
                                             {"note", "h\xc3\xa9llo \"q\""}};
  saveSafetensors(p, list, meta);

  std::map<std::string, std::string> loadedMeta = {{"stale", "x"}};
  std::vector<NamedTensor> loaded = loadSafetensors(p, &loadedMeta);
  EXPECT_EQ(loadedMeta, meta);
  ASSERT_EQ(loaded.size(), tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    EXPECT_EQ(loaded[i].name, names[i]);
    EXPECT_TRUE(sameBytes(loaded[i].tensor, tensors[i])) << names[i];
  }
  EXPECT_TRUE(strayFiles({"all.safetensors"}).empty());
}

TEST_F(CheckpointTest, EmptyCheckpoint) {
  std::string p = path("empty.safetensors");
  saveSafetensors(p, {});
  std::map<std::string, std::string> meta = {{"x", "y"}};
  EXPECT_TRUE(loadSafetensors(p, &meta).empty());
  EXPECT_TRUE(meta.empty());
}

TEST_F(CheckpointTest, HeaderLayoutFollowsTheSpec) {
  std::string bytes = validBytes();
  ASSERT_GE(bytes.size(), 8u);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i)
    n = (n << 8) | static_cast<unsigned char>(bytes[i]);
  EXPECT_EQ(n % 8, 0u);
  ASSERT_LE(8 + n, bytes.size());
  std::string header = bytes.substr(8, n);
  EXPECT_EQ(header.front(), '{');
  // Padding is spaces after the JSON object.
  size_t close = header.find_last_of('}');
  EXPECT_EQ(header.find_first_not_of(' ', close + 1), std::string::npos);
  EXPECT_LT(header.size() - close - 1, 8u);

  nlohmann::json json = nlohmann::json::parse(header);
  EXPECT_EQ(json["__metadata__"], (nlohmann::json{{"epoch", "3"}}));
  EXPECT_EQ(json["w1"]["dtype"], "F32");
  EXPECT_EQ(json["w1"]["shape"], (nlohmann::json{4, 3}));
  EXPECT_EQ(json["w1"]["data_offsets"], (nlohmann::json{0, 48}));
  EXPECT_EQ(json["b1"]["dtype"], "F32");
  EXPECT_EQ(json["b1"]["shape"], (nlohmann::json{3}));
  EXPECT_EQ(json["b1"]["data_offsets"], (nlohmann::json{48, 60}));
  EXPECT_EQ(json["step"]["dtype"], "I64");
  EXPECT_EQ(json["step"]["shape"], nlohmann::json::array());
  EXPECT_EQ(json["step"]["data_offsets"], (nlohmann::json{60, 68}));
  EXPECT_EQ(json.size(), 4u);
  EXPECT_EQ(bytes.size(), 8 + n + 68);
  // Raw little-endian data right after the header.
  EXPECT_EQ(std::memcmp(bytes.data() + 8 + n, w1.data(), 48), 0);
  int64_t stepValue;
  std::memcpy(&stepValue, bytes.data() + 8 + n + 60, 8);
  EXPECT_EQ(stepValue, 1234567890123);
}

TEST_F(CheckpointTest, NoMetadataKeyWhenEmpty) {
  std::string p = path("plain.safetensors");
  saveSafetensors(p, model());
  std::string bytes = readFile(p);
  uint64_t n = static_cast<unsigned char>(bytes[0]) |
               (static_cast<unsigned char>(bytes[1]) << 8);
  nlohmann::json json = nlohmann::json::parse(bytes.substr(8, n));
  EXPECT_FALSE(json.contains("__metadata__"));
}

// Files written by other tools may order data differently from the header.
TEST_F(CheckpointTest, AcceptsDataOrderDifferentFromHeaderOrder) {
  std::string data(12, '\0');
  int32_t values[3] = {7, -8, 9};
  std::memcpy(data.data(), values, 12);
  std::string bytes =
      withHeader(R"({"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]},)"
                 R"("a":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}})",
                 data);
  std::string p = path("reordered.safetensors");
  writeFile(p, bytes);
  std::vector<NamedTensor> loaded = loadSafetensors(p);
  ASSERT_EQ(loaded.size(), 2u);
  EXPECT_EQ(loaded[0].name, "b");
  EXPECT_EQ(loaded[0].tensor.data<int32_t>()[0], 9);
  EXPECT_EQ(loaded[1].name, "a");
  EXPECT_EQ(loaded[1].tensor.data<int32_t>()[1], -8);
}

TEST_F(CheckpointTest, OverwritesAnExistingCheckpoint) {
  std::string p = path("model.safetensors");
  saveSafetensors(p, model());
  Tensor other(DType::F64, {2});
  saveSafetensors(p, {{"other", &other}});
  std::vector<NamedTensor> loaded = loadSafetensors(p);
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].name, "other");
  EXPECT_TRUE(strayFiles({"model.safetensors"}).empty());
}

//===----------------------------------------------------------------------===//
// Corrupt files
//===----------------------------------------------------------------------===//

TEST_F(CheckpointTest, MissingFile) {
  std::string p = path("missing.safetensors");
  try {
    loadSafetensors(p);
    FAIL() << "expected Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), AllOf(StartsWith(p + ": "),
                                HasSubstr("No such file or directory")));
  }
  EXPECT_THROW(loadSafetensors(dir.string()), Error);
}

TEST_F(CheckpointTest, EveryTruncationIsAnError) {
  std::string bytes = validBytes();
  for (size_t len = 0; len < bytes.size(); ++len) {
    SCOPED_TRACE(len);
    std::string message = loadError(bytes.substr(0, len));
    if (len < 8) {
      EXPECT_THAT(message, HasSubstr("fewer than the 8-byte header length"));
    }
    EXPECT_THAT(message, HasSubstr("corrupt or truncated checkpoint"));
  }
}

TEST_F(CheckpointTest, TrailingGarbage) {
  EXPECT_THAT(loadError(validBytes() + "xyz"),
              HasSubstr("corrupt or truncated checkpoint: 3 bytes of trailing "
                        "data after the last tensor"));
}

TEST_F(CheckpointTest, WrongHeaderLength) {
  std::string bytes = validBytes();
  uint64_t n = static_cast<unsigned char>(bytes[0]) |
               (static_cast<unsigned char>(bytes[1]) << 8);
  for (uint64_t wrong :
       {uint64_t(0), uint64_t(1), n - 8, n - 1, n + 1, n + 8,
        uint64_t(bytes.size()), uint64_t(1) << 40, ~uint64_t(0)}) {
    SCOPED_TRACE(wrong);
    std::string bad = bytes;
    for (int i = 0; i < 8; ++i)
      bad[i] = static_cast<char>(wrong >> (8 * i));
    loadError(bad);
  }
}

TEST_F(CheckpointTest, InvalidJson) {
  EXPECT_THAT(loadError(withHeader("not json", "")),
              HasSubstr("corrupt or truncated checkpoint: the header is not "
                        "valid JSON"));
  EXPECT_THAT(loadError(withHeader("{\"a\": ", "")),
              HasSubstr("not valid JSON"));
  EXPECT_THAT(loadError(withHeader("[1, 2]", "")),
              HasSubstr("not a JSON object"));
  EXPECT_THAT(loadError(withHeader(std::string("{}\0\0", 4), "")),
              HasSubstr("not valid JSON"));
}

TEST_F(CheckpointTest, InvalidEntries) {
  const std::string eightBytes(8, '\x01');
  struct Case {
    const char *header;
    const char *message;
  } cases[] = {
      {R"({"t": 5})", "tensor 't': expected a JSON object"},
      {R"({"t": {"shape": [2], "data_offsets": [0, 8]}})",
       "missing or non-string \"dtype\""},
      {R"({"t": {"dtype": 3, "shape": [2], "data_offsets": [0, 8]}})",
       "missing or non-string \"dtype\""},
      {R"({"t": {"dtype": "F16", "shape": [4], "data_offsets": [0, 8]}})",
       "unsupported dtype 'F16'"},
      {R"({"t": {"dtype": "I32", "data_offsets": [0, 8]}})",
       "missing or non-array \"shape\""},
      {R"({"t": {"dtype": "I32", "shape": 2, "data_offsets": [0, 8]}})",
       "missing or non-array \"shape\""},
      {R"({"t": {"dtype": "I32", "shape": [-2], "data_offsets": [0, 8]}})",
       "non-negative integers, got -2"},
      {R"({"t": {"dtype": "I32", "shape": [2.5], "data_offsets": [0, 8]}})",
       "non-negative integers, got 2.5"},
      {R"({"t": {"dtype": "I32", "shape": [4294967296, 4294967296],
             "data_offsets": [0, 8]}})",
       "element count overflows"},
      {R"({"t": {"dtype": "I32", "shape": [2]}})", "\"data_offsets\" must be"},
      {R"({"t": {"dtype": "I32", "shape": [2], "data_offsets": [0]}})",
       "\"data_offsets\" must be"},
      {R"({"t": {"dtype": "I32", "shape": [2], "data_offsets": [0, -8]}})",
       "\"data_offsets\" must be"},
      {R"({"t": {"dtype": "I32", "shape": [2], "data_offsets": "0-8"}})",
       "\"data_offsets\" must be"},
      {R"({"t": {"dtype": "I32", "shape": [2], "data_offsets": [8, 0]}})",
       "end before they begin"},
      {R"({"t": {"dtype": "I32", "shape": [3], "data_offsets": [0, 8]}})",
       "span 8 bytes, but shape 3 of I32 needs 12"},
      {R"({"t": {"dtype": "I64", "shape": [2], "data_offsets": [0, 16]}})",
       "lie past the end of the 8 data bytes"},
      {R"({"t": {"dtype": "U8", "shape": [4], "data_offsets": [4, 8]}})",
       "data starts at 4, expected 0"},
      {R"({"a": {"dtype": "U8", "shape": [6], "data_offsets": [0, 6]},
           "b": {"dtype": "U8", "shape": [4], "data_offsets": [4, 8]}})",
       "tensor 'b' data starts at 4, expected 6"},
      {R"({"a": {"dtype": "U8", "shape": [4], "data_offsets": [0, 4]}})",
       "4 bytes of trailing data"},
      {R"({"__metadata__": {"k": 1}})", "value for 'k' is not a string"},
      {R"({"__metadata__": []})", "\"__metadata__\" must be an object"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.header);
    EXPECT_THAT(loadError(withHeader(c.header, eightBytes)),
                HasSubstr(c.message));
  }
}

// Whatever single byte is damaged, loading reports an Error or succeeds (a
// damaged data byte is undetectable without a checksum); it never crashes or
// throws anything else.
TEST_F(CheckpointTest, ByteFlipsNeverCrash) {
  std::string bytes = validBytes();
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char mask : {0x01, 0x80, 0xff}) {
      std::string bad = bytes;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      std::string p = path("flip.safetensors");
      writeFile(p, bad);
      try {
        loadSafetensors(p);
      } catch (const Error &) {
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Atomic saving
//===----------------------------------------------------------------------===//

TEST_F(CheckpointTest, SaveIntoMissingDirectoryLeavesNothing) {
  std::string p = path("no/such/dir/model.safetensors");
  try {
    saveSafetensors(p, model());
    FAIL() << "expected Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), AllOf(StartsWith(p + ": "),
                                HasSubstr("cannot create temporary file")));
  }
  EXPECT_FALSE(fs::exists(path("no")));
  EXPECT_TRUE(strayFiles({}).empty());
}

TEST_F(CheckpointTest, InvalidTensorListsWriteNothing) {
  std::string p = path("model.safetensors");
  saveSafetensors(p, model());
  std::string before = readFile(p);
  EXPECT_THROW(saveSafetensors(p, {{"w1", &w1}, {"w1", &b1}}), Error);
  EXPECT_THROW(saveSafetensors(p, {{"__metadata__", &w1}}), Error);
  EXPECT_THROW(saveSafetensors(p, {{"w1", nullptr}}), Error);
  // Not valid UTF-8: cannot be encoded as JSON.
  EXPECT_THROW(saveSafetensors(p, {{"bad\xff", &w1}}), Error);
  EXPECT_EQ(readFile(p), before);
  EXPECT_TRUE(strayFiles({"model.safetensors"}).empty());
}

// A failure in the middle of writing the data: the file size limit makes
// write() fail with EFBIG after the header is out.
TEST_F(CheckpointTest, FailedWriteKeepsTheOldCheckpoint) {
  std::string p = path("model.safetensors");
  saveSafetensors(p, model());
  std::string before = readFile(p);

  Tensor big(DType::F32, {64, 1024});
  struct rlimit old;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = 4096;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message;
  try {
    saveSafetensors(p, {{"big", &big}});
  } catch (const Error &e) {
    message = e.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, oldHandler);

  EXPECT_THAT(message, AllOf(StartsWith(p + ": "),
                             HasSubstr("cannot write temporary file")));
  EXPECT_EQ(readFile(p), before);
  EXPECT_TRUE(strayFiles({"model.safetensors"}).empty());
  EXPECT_EQ(loadSafetensors(p).size(), 3u);
}

TEST_F(CheckpointTest, DirectoryTargetIsRefusedWithoutStrayFiles) {
  // A directory (like a device or FIFO) is never replaced: refused before
  // anything is written.
  std::string p = path("model.safetensors");
  fs::create_directories(p + "/keep");
  try {
    saveSafetensors(p, model());
    FAIL() << "expected Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), HasSubstr("is a directory"));
  }
  EXPECT_TRUE(fs::is_directory(p + "/keep"));
  EXPECT_TRUE(strayFiles({"model.safetensors"}).empty());
}

TEST_F(CheckpointTest, UncreatableTemporaryFileKeepsTheOldCheckpoint) {
  std::string p = path("model.safetensors");
  saveSafetensors(p, model());
  std::string before = readFile(p);
  std::string temp = p + ".tmp." + std::to_string(::getpid());
  fs::create_directories(temp);
  EXPECT_THROW(saveSafetensors(p, {{"w1", &w1}}), Error);
  EXPECT_EQ(readFile(p), before);
  // Not ours to delete.
  EXPECT_TRUE(fs::is_directory(temp));
}

//===----------------------------------------------------------------------===//
// checkCheckpointMatches
//===----------------------------------------------------------------------===//

std::string matchError(const std::vector<NamedTensor> &loaded,
                       const TensorList &expected) {
  try {
    checkCheckpointMatches(loaded, expected, "x.safetensors");
  } catch (const Error &e) {
    return e.what();
  }
  return "";
}

TEST_F(CheckpointTest, CheckCheckpointMatches) {
  std::string p = path("model.safetensors");
  saveSafetensors(p, model());
  std::vector<NamedTensor> loaded = loadSafetensors(p);
  EXPECT_EQ(matchError(loaded, model()), "");
  // Order does not matter.
  EXPECT_EQ(matchError(loaded, {{"step", &step}, {"b1", &b1}, {"w1", &w1}}),
            "");

  Tensor w784x256(DType::F32, {784, 256}), w784x128(DType::F32, {784, 128});
  std::vector<NamedTensor> other;
  other.push_back({"w1", std::move(w784x128)});
  EXPECT_EQ(matchError(other, {{"w1", &w784x256}}),
            "checkpoint x.safetensors: tensor 'w1' has shape 784x128, the "
            "model expects 784x256");

  Tensor f64(DType::F64, {3});
  EXPECT_EQ(matchError(loaded, {{"w1", &w1}, {"b1", &f64}, {"step", &step}}),
            "checkpoint x.safetensors: tensor 'b1' has dtype f32, the model "
            "expects f64");
  Tensor scalarStep(DType::I64, {1});
  EXPECT_THAT(
      matchError(loaded, {{"w1", &w1}, {"b1", &b1}, {"step", &scalarStep}}),
      HasSubstr("tensor 'step' has shape scalar, the model expects 1"));
  EXPECT_THAT(matchError(loaded, {{"w1", &w1}, {"w2", &w1}}),
              HasSubstr("checkpoint x.safetensors: missing tensor 'w2' (the "
                        "model expects 4x3 f32)"));
  EXPECT_THAT(matchError(loaded, {{"w1", &w1}, {"b1", &b1}}),
              HasSubstr("checkpoint x.safetensors: unexpected tensor 'step'"));
}

} // namespace
