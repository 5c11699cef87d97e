//===- NpyTest.cpp - Tests for .npy reading and writing -------------------===//

#include "aicc/runtime/Npy.h"

#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace aicc::rt;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace fs = std::filesystem;

namespace {

/// Builds the exact bytes np.save produced for the small arrays below: each
/// has a 128-byte header (prefix + dict + space padding + '\n').
std::string numpyFile(std::string_view prefix, std::string_view dict,
                      std::string_view data) {
  std::string bytes(prefix);
  bytes += dict;
  EXPECT_LT(bytes.size(), 128u);
  bytes.append(127 - bytes.size(), ' ');
  bytes += '\n';
  bytes += data;
  return bytes;
}

constexpr std::string_view kV1Prefix("\x93NUMPY\x01\x00v\x00", 10);
constexpr std::string_view kV2Prefix("\x93NUMPY\x02\x00t\x00\x00\x00", 12);
constexpr std::string_view kV3Prefix("\x93NUMPY\x03\x00t\x00\x00\x00", 12);

// np.arange(6, dtype='<f4').reshape(2, 3)
constexpr std::string_view kArangeDict =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
constexpr std::string_view
    kArangeData("\x00\x00\x00\x00\x00\x00\x80\x3f\x00\x00\x00\x40"
                "\x00\x00\x40\x40\x00\x00\x80\x40\x00\x00\xa0\x40",
                24);

class NpyTest : public test_support::TempDirTest {
protected:
  std::string writeFile(const std::string &name, std::string_view bytes) {
    std::string p = path(name);
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good());
    return p;
  }

  /// Writes `bytes`, reads them back and returns the error message (empty
  /// if no aicc::rt::Error was thrown).
  std::string readError(std::string_view bytes) {
    std::string p = writeFile("bad.npy", bytes);
    try {
      readNpy(p);
    } catch (const Error &e) {
      std::string message = e.what();
      EXPECT_THAT(message, StartsWith(p + ": "));
      return message;
    }
    ADD_FAILURE() << "expected aicc::rt::Error";
    return "";
  }
};

/// A v1 file with an arbitrary header dict, padded like np.save does.
std::string makeNpy(std::string_view dict, std::string_view data) {
  std::string header(dict);
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  return bytes + header + std::string(data);
}

std::vector<float> floats(const Tensor &t) {
  return {t.data<float>(), t.data<float>() + t.numElements()};
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

using test_support::fillPattern;

TEST_F(NpyTest, RoundTripEveryDTypeAndShape) {
  const DType dtypes[] = {DType::F32, DType::F64, DType::I8, DType::I16,
                          DType::I32, DType::I64, DType::U8, DType::Bool};
  const std::vector<int64_t> shapes[] = {{}, {5}, {2, 3, 4}, {0}, {3, 0, 2}};
  for (DType dtype : dtypes) {
    for (const std::vector<int64_t> &shape : shapes) {
      Tensor t(dtype, shape);
      fillPattern(t);
      std::string p = path("rt.npy");
      writeNpy(p, t);

      std::string bytes = readFile(p);
      ASSERT_GE(bytes.size(), 10u);
      EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
      size_t headerLen = static_cast<unsigned char>(bytes[8]) |
                         static_cast<unsigned char>(bytes[9]) << 8;
      size_t dataStart = 10 + headerLen;
      EXPECT_EQ(dataStart % 64, 0u) << t.shapeString();
      EXPECT_EQ(bytes[dataStart - 1], '\n');
      EXPECT_EQ(bytes.size(), dataStart + t.byteSize());

      Tensor back = readNpy(p);
      EXPECT_EQ(back.dtype(), dtype);
      EXPECT_EQ(back.shape(), shape);
      EXPECT_EQ(back.shapeString(), t.shapeString());
      ASSERT_EQ(back.byteSize(), t.byteSize());
      EXPECT_EQ(std::memcmp(back.data(), t.data(), t.byteSize()), 0)
          << t.shapeString();
    }
  }
}

TEST_F(NpyTest, StreamRoundTrip) {
  Tensor t = Tensor::fromValues<int16_t>({2, 2}, {1, -2, 300, -400});
  std::stringstream ss;
  writeNpy(ss, t, "mem");
  Tensor back = readNpy(ss, "mem");
  EXPECT_EQ(back.shapeString(), "2x2xi16");
  EXPECT_EQ(back.data<int16_t>()[2], 300);
  EXPECT_EQ(back.data<int16_t>()[3], -400);
}

TEST_F(NpyTest, HugeHeaderUsesVersion2) {
  // 30000 dims of 1 need a header longer than v1's 16-bit length allows.
  std::vector<int64_t> shape(30000, 1);
  Tensor t(DType::F32, shape);
  t.data<float>()[0] = 7.5f;
  std::string p = path("big.npy");
  writeNpy(p, t);
  std::string bytes = readFile(p);
  EXPECT_EQ(bytes[6], '\x02');
  EXPECT_EQ(bytes[7], '\x00');
  uint32_t headerLen = 0;
  for (int i = 3; i >= 0; --i)
    headerLen = headerLen << 8 | static_cast<unsigned char>(bytes[8 + i]);
  EXPECT_GT(headerLen, 0xffffu);
  EXPECT_EQ((12 + headerLen) % 64, 0u);
  Tensor back = readNpy(p);
  EXPECT_EQ(back.rank(), 30000);
  EXPECT_EQ(back.data<float>()[0], 7.5f);
}

//===----------------------------------------------------------------------===//
// Compatibility with files written by NumPy
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, ReadsNumpyWrittenFile) {
  std::string p =
      writeFile("arange.npy", numpyFile(kV1Prefix, kArangeDict, kArangeData));
  Tensor t = readNpy(p);
  EXPECT_EQ(t.dtype(), DType::F32);
  EXPECT_THAT(t.shape(), ElementsAre(2, 3));
  EXPECT_THAT(floats(t), ElementsAre(0, 1, 2, 3, 4, 5));
}

TEST_F(NpyTest, WritesBytesIdenticalToNumpy) {
  struct Case {
    Tensor tensor;
    std::string expected;
  };
  std::vector<Case> cases;
  cases.push_back({Tensor::fromValues<float>({2, 3}, {0, 1, 2, 3, 4, 5}),
                   numpyFile(kV1Prefix, kArangeDict, kArangeData)});
  cases.push_back(
      {Tensor::fromValues<bool>({3}, {true, false, true}),
       numpyFile(kV1Prefix,
                 "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                 std::string_view("\x01\x00\x01", 3))});
  cases.push_back(
      {Tensor::fromValues<int8_t>({}, {-5}),
       numpyFile(kV1Prefix,
                 "{'descr': '|i1', 'fortran_order': False, 'shape': (), }",
                 "\xfb")});
  cases.push_back(
      {Tensor(DType::U8, {0}),
       numpyFile(kV1Prefix,
                 "{'descr': '|u1', 'fortran_order': False, 'shape': (0,), }",
                 "")});
  cases.push_back(
      {Tensor(DType::I16, {2, 0, 3}),
       numpyFile(
           kV1Prefix,
           "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 0, 3), }",
           "")});
  cases.push_back(
      {Tensor::fromValues<double>({1, 1, 2}, {0.5, -1.25}),
       numpyFile(
           kV1Prefix,
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 2), }",
           std::string_view("\x00\x00\x00\x00\x00\x00\xe0\x3f"
                            "\x00\x00\x00\x00\x00\x00\xf4\xbf",
                            16))});
  for (Case &c : cases) {
    std::ostringstream out;
    writeNpy(out, c.tensor, "mem");
    EXPECT_EQ(out.str(), c.expected) << c.tensor.shapeString();

    std::istringstream in(c.expected);
    Tensor back = readNpy(in, "mem");
    EXPECT_EQ(back.shapeString(), c.tensor.shapeString());
    EXPECT_EQ(std::memcmp(back.data(), c.tensor.data(), back.byteSize()), 0);
  }
}

TEST_F(NpyTest, ReadsVersion2And3) {
  for (std::string_view prefix : {kV2Prefix, kV3Prefix}) {
    std::string p =
        writeFile("v.npy", numpyFile(prefix, kArangeDict, kArangeData));
    Tensor t = readNpy(p);
    EXPECT_THAT(t.shape(), ElementsAre(2, 3));
    EXPECT_THAT(floats(t), ElementsAre(0, 1, 2, 3, 4, 5));
  }
}

TEST_F(NpyTest, ReadsBigEndian) {
  // Bytes from np.save(np.array([...], dtype='>xx')).
  {
    std::string bytes = numpyFile(
        kV1Prefix, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
        std::string_view("\x3f\xc0\x00\x00\xc0\x00\x00\x00", 8));
    Tensor t = readNpy(writeFile("f4.npy", bytes));
    EXPECT_EQ(t.dtype(), DType::F32);
    EXPECT_THAT(floats(t), ElementsAre(1.5f, -2.0f));
  }
  {
    std::string bytes = numpyFile(
        kV1Prefix, "{'descr': '>i8', 'fortran_order': False, 'shape': (2,), }",
        std::string_view("\x00\x00\x00\x00\x00\x00\x00\x01"
                         "\xff\xff\xff\xff\xff\xff\xff\xfe",
                         16));
    Tensor t = readNpy(writeFile("i8.npy", bytes));
    EXPECT_EQ(t.dtype(), DType::I64);
    EXPECT_EQ(t.data<int64_t>()[0], 1);
    EXPECT_EQ(t.data<int64_t>()[1], -2);
  }
  {
    std::string bytes = numpyFile(
        kV1Prefix, "{'descr': '>i2', 'fortran_order': False, 'shape': (2,), }",
        std::string_view("\x01\x02\xff\xfd", 4));
    Tensor t = readNpy(writeFile("i2.npy", bytes));
    EXPECT_EQ(t.data<int16_t>()[0], 258);
    EXPECT_EQ(t.data<int16_t>()[1], -3);
  }
  {
    std::string bytes = numpyFile(
        kV1Prefix, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }",
        std::string_view("\x40\x0a\x00\x00\x00\x00\x00\x00", 8));
    Tensor t = readNpy(writeFile("f8.npy", bytes));
    EXPECT_EQ(t.data<double>()[0], 3.25);
  }
}

TEST_F(NpyTest, AcceptsNativeByteOrder) {
  std::string dict(kArangeDict);
  dict.replace(dict.find("<f4"), 3, "=f4");
  Tensor t =
      readNpy(writeFile("n.npy", numpyFile(kV1Prefix, dict, kArangeData)));
  EXPECT_THAT(floats(t), ElementsAre(0, 1, 2, 3, 4, 5));
}

TEST_F(NpyTest, HeaderSpacingVariants) {
  const char *dicts[] = {
      "{'descr':'<f4','fortran_order':False,'shape':(2,3)}",
      ("{ \"descr\" : \"<f4\" , \"fortran_order\" : False , "
       "\"shape\" : ( 2 , 3 , ) , }"),
      "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }",
      "{'descr': '<f4',\t'fortran_order': False,\n'shape': (2, 3), }",
  };
  for (const char *dict : dicts) {
    Tensor t = readNpy(writeFile("s.npy", makeNpy(dict, kArangeData)));
    EXPECT_THAT(t.shape(), ElementsAre(2, 3)) << dict;
    EXPECT_THAT(floats(t), ElementsAre(0, 1, 2, 3, 4, 5)) << dict;
  }
}

TEST_F(NpyTest, Rank0Shape) {
  std::string data("\x00\x00\x20\x41", 4); // 10.0f
  Tensor t = readNpy(writeFile(
      "r0.npy",
      makeNpy("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", data)));
  EXPECT_EQ(t.rank(), 0);
  EXPECT_EQ(t.data<float>()[0], 10.0f);
}

TEST_F(NpyTest, BoolBytesAreNormalized) {
  Tensor t = readNpy(writeFile(
      "b.npy",
      makeNpy("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
              std::string("\x02\x00", 2))));
  const auto *raw = static_cast<const unsigned char *>(t.data());
  EXPECT_EQ(raw[0], 1);
  EXPECT_EQ(raw[1], 0);
}

TEST_F(NpyTest, TrailingBytesAreIgnored) {
  std::string bytes = numpyFile(kV1Prefix, kArangeDict, kArangeData);
  bytes += "trailing garbage";
  Tensor t = readNpy(writeFile("t.npy", bytes));
  EXPECT_THAT(floats(t), ElementsAre(0, 1, 2, 3, 4, 5));
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, MissingFile) {
  std::string p = path("does-not-exist.npy");
  try {
    readNpy(p);
    FAIL() << "expected aicc::rt::Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), AllOf(StartsWith(p + ": "), HasSubstr("cannot open"),
                                HasSubstr("No such file")));
  }
}

TEST_F(NpyTest, DirectoryIsNotAFile) {
  try {
    readNpy(dir.string());
    FAIL() << "expected aicc::rt::Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), HasSubstr("is a directory"));
  }
}

TEST_F(NpyTest, UnwritablePath) {
  Tensor t(DType::F32, {1});
  std::string p = path("no-such-dir/out.npy");
  try {
    writeNpy(p, t);
    FAIL() << "expected aicc::rt::Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), AllOf(StartsWith(p + ": "),
                                HasSubstr("cannot open file for writing")));
  }
}

TEST_F(NpyTest, BadMagic) {
  std::string bytes = numpyFile(kV1Prefix, kArangeDict, kArangeData);
  bytes[5] = 'Z';
  EXPECT_THAT(readError(bytes), HasSubstr("bad magic"));
  EXPECT_THAT(readError(""), HasSubstr("bad magic"));
  EXPECT_THAT(readError("\x93NUM"), HasSubstr("bad magic"));
}

TEST_F(NpyTest, UnsupportedVersion) {
  std::string bytes = numpyFile(kV1Prefix, kArangeDict, kArangeData);
  bytes[6] = 4;
  EXPECT_THAT(readError(bytes),
              HasSubstr("unsupported .npy format version 4.0"));
  bytes[6] = 1;
  bytes[7] = 1;
  EXPECT_THAT(readError(bytes),
              HasSubstr("unsupported .npy format version 1.1"));
  bytes[6] = 0;
  bytes[7] = 0;
  EXPECT_THAT(readError(bytes),
              HasSubstr("unsupported .npy format version 0.0"));
}

TEST_F(NpyTest, MissingKeys) {
  EXPECT_THAT(readError(makeNpy("{'fortran_order': False, 'shape': (6,), }",
                                kArangeData)),
              HasSubstr("missing key 'descr'"));
  EXPECT_THAT(
      readError(makeNpy("{'descr': '<f4', 'shape': (6,), }", kArangeData)),
      HasSubstr("missing key 'fortran_order'"));
  EXPECT_THAT(readError(makeNpy("{'descr': '<f4', 'fortran_order': False}",
                                kArangeData)),
              HasSubstr("missing key 'shape'"));
}

TEST_F(NpyTest, MalformedDicts) {
  const char *dicts[] = {
      "",
      "not a dict",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), ",
      "{'descr': '<f4' 'fortran_order': False, 'shape': (6,)}",
      "{'descr': <f4, 'fortran_order': False, 'shape': (6,)}",
      "{'descr': '<f4",
      "{'descr': '<f4', 'fortran_order': Fals",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,",
      "{'descr': '<f4', 'fortran_order': 0, 'shape': (6,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,)} extra",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'x': 1}",
      "{'descr': '<f4', 'descr': '<f4', 'shape': (6,)}",
  };
  for (const char *dict : dicts)
    EXPECT_THAT(readError(makeNpy(dict, kArangeData)),
                HasSubstr("malformed header"))
        << dict;
}

TEST_F(NpyTest, FortranOrderRejected) {
  EXPECT_THAT(readError(makeNpy(
                  "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                  kArangeData)),
              HasSubstr("fortran_order=True is not supported"));
}

TEST_F(NpyTest, UnsupportedDType) {
  for (const char *descr : {"<c8", "<f2", "<u4", "|O", "<M8[ns]", "", "f"}) {
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': (6,), }";
    EXPECT_THAT(readError(makeNpy(dict, kArangeData)),
                HasSubstr(std::string("unsupported dtype '") + descr + "'"));
  }
  EXPECT_THAT(readError(makeNpy("{'descr': [('a', '<f4')], 'fortran_order': "
                                "False, 'shape': (6,), }",
                                kArangeData)),
              HasSubstr("unsupported dtype"));
}

TEST_F(NpyTest, BadShapes) {
  auto withShape = [&](const std::string &shape) {
    return readError(makeNpy(
        "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }",
        kArangeData));
  };
  EXPECT_THAT(withShape("(-3,)"), HasSubstr("negative dimension -3"));
  EXPECT_THAT(withShape("(2, -1)"), HasSubstr("negative dimension -1"));
  EXPECT_THAT(withShape("('a',)"), HasSubstr("malformed header"));
  EXPECT_THAT(withShape("(2, x)"), HasSubstr("malformed header"));
  EXPECT_THAT(withShape("(2.5,)"), HasSubstr("malformed header"));
  EXPECT_THAT(withShape("[2, 3]"), HasSubstr("malformed header"));
  EXPECT_THAT(withShape("(6)"), HasSubstr("shape is not a tuple"));
  EXPECT_THAT(withShape("6"), HasSubstr("malformed header"));
  EXPECT_THAT(withShape("(2,,3)"), HasSubstr("malformed header"));
  EXPECT_THAT(withShape("(99999999999999999999999,)"),
              HasSubstr("dimension too large"));
  EXPECT_THAT(withShape("(4611686018427387904, 4611686018427387904)"),
              HasSubstr("element count overflows"));
}

TEST_F(NpyTest, TruncatedData) {
  std::string bytes = numpyFile(kV1Prefix, kArangeDict, kArangeData);
  bytes.resize(bytes.size() - 4);
  EXPECT_THAT(readError(bytes),
              HasSubstr("truncated data: expected 24 bytes, got 20"));
}

TEST_F(NpyTest, HugeShapeWithoutDataIsTruncatedNotAllocated) {
  EXPECT_THAT(
      readError(makeNpy("{'descr': '<f8', 'fortran_order': False, 'shape': "
                        "(1000000000000,), }",
                        "")),
      HasSubstr("truncated data: expected 8000000000000 bytes, got 0"));
}

TEST_F(NpyTest, TruncatedHeader) {
  std::string bytes = numpyFile(kV1Prefix, kArangeDict, kArangeData);
  EXPECT_THAT(readError(bytes.substr(0, 50)),
              HasSubstr("truncated header: expected 118 bytes, got 40"));
  EXPECT_THAT(readError(bytes.substr(0, 9)), HasSubstr("truncated"));
}

TEST_F(NpyTest, TruncatedStreamWithoutSeeking) {
  // A non-seekable stream still reports truncation precisely.
  struct NoSeekBuf : std::stringbuf {
    using std::stringbuf::stringbuf;
    pos_type seekoff(off_type, std::ios::seekdir, std::ios::openmode) override {
      return pos_type(-1);
    }
  };
  std::string bytes = numpyFile(kV1Prefix, kArangeDict, kArangeData);
  NoSeekBuf buf(bytes.substr(0, bytes.size() - 4), std::ios::in);
  std::istream in(&buf);
  try {
    readNpy(in, "pipe");
    FAIL() << "expected aicc::rt::Error";
  } catch (const Error &e) {
    EXPECT_THAT(e.what(), AllOf(StartsWith("pipe: "),
                                HasSubstr("truncated data: expected 24 "
                                          "bytes, got 20")));
  }
  NoSeekBuf full(bytes, std::ios::in);
  std::istream ok(&full);
  EXPECT_THAT(floats(readNpy(ok, "pipe")), ElementsAre(0, 1, 2, 3, 4, 5));
}

} // namespace
