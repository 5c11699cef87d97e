//===- Npy.cpp - NumPy .npy file I/O --------------------------------------===//
//
// Format reference: numpy/lib/format.py. A file is
//   "\x93NUMPY" major minor headerLen(u16 for v1, u32 for v2/v3) header data
// where the header is a Python dict literal padded with spaces and a final
// '\n' so that the data starts at a multiple of 64 bytes.
//
//===----------------------------------------------------------------------===//

#include "aicc/runtime/Npy.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <ostream>
#include <string_view>

using namespace aicc::rt;

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the .npy reader/writer assumes a little-endian host"
#endif

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;
constexpr size_t kAlign = 64;
// np.save leaves room to rewrite the first dim in place
// (GROWTH_AXIS_MAX_DIGITS).
constexpr size_t kGrowthAxisMaxDigits = 21;
// Headers are metadata; anything this large is corrupt, so refuse it before
// buffering it.
constexpr uint64_t kMaxHeaderLen = uint64_t(1) << 28;

struct NpyHeader {
  DType dtype = DType::F32;
  bool byteSwap = false;
  std::vector<int64_t> shape;
};

[[noreturn]] void fail(const std::string &name, const std::string &why) {
  throw Error(name + ": " + why);
}

/// Maps a NumPy dtype string like "<f4" to a DType; `byteSwap` is set for
/// big-endian multi-byte types.
std::optional<DType> parseDescr(std::string_view descr, bool &byteSwap) {
  char order = '=';
  if (!descr.empty() && std::strchr("<>=|", descr.front())) {
    order = descr.front();
    descr.remove_prefix(1);
  }
  static const std::pair<std::string_view, DType> kinds[] = {
      {"f4", DType::F32}, {"f8", DType::F64}, {"i1", DType::I8},
      {"i2", DType::I16}, {"i4", DType::I32}, {"i8", DType::I64},
      {"u1", DType::U8},  {"b1", DType::Bool}};
  for (const auto &[kind, dtype] : kinds) {
    if (kind == descr) {
      byteSwap = order == '>' && dtypeSize(dtype) > 1;
      return dtype;
    }
  }
  return std::nullopt;
}

/// Hand-written parser for the header's Python dict literal. It accepts what
/// np.save writes plus spacing/quoting variants, and rejects anything else
/// (unknown keys, non-tuple shapes) the way np.load does.
class HeaderParser {
public:
  HeaderParser(std::string_view text, const std::string &name)
      : text(text), name(name) {}

  NpyHeader parse() {
    NpyHeader header;
    bool haveDescr = false, haveFortran = false, haveShape = false;
    expect('{');
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key = parseString();
      skipSpace();
      expect(':');
      skipSpace();
      if (key == "descr") {
        checkDuplicate(haveDescr, key);
        // A list here describes a structured (record) dtype.
        if (peek() == '[')
          fail(name, "unsupported dtype: structured arrays are not supported");
        std::string descr = parseString();
        std::optional<DType> dtype = parseDescr(descr, header.byteSwap);
        if (!dtype)
          fail(name, "unsupported dtype '" + descr + "'");
        header.dtype = *dtype;
      } else if (key == "fortran_order") {
        checkDuplicate(haveFortran, key);
        if (parseBool())
          fail(name, "fortran_order=True is not supported (save a C-order "
                     "array, e.g. np.ascontiguousarray)");
      } else if (key == "shape") {
        checkDuplicate(haveShape, key);
        header.shape = parseShape();
      } else {
        malformed("unexpected key '" + key + "'");
      }
      skipSpace();
      if (consume('}'))
        break;
      expect(',');
    }
    skipSpace();
    if (pos != text.size())
      malformed("unexpected text after '}'");
    if (!haveDescr)
      malformed("missing key 'descr'");
    if (!haveFortran)
      malformed("missing key 'fortran_order'");
    if (!haveShape)
      malformed("missing key 'shape'");
    return header;
  }

private:
  [[noreturn]] void malformed(const std::string &why) {
    fail(name, "malformed header: " + why + " (at offset " +
                   std::to_string(pos) + " in \"" + printable() + "\")");
  }

  std::string printable() const {
    std::string result;
    for (char c : text.substr(0, 200)) {
      if (c == '\n')
        result += "\\n";
      else if (static_cast<unsigned char>(c) < 0x20 ||
               static_cast<unsigned char>(c) >= 0x7f)
        result += '?';
      else
        result += c;
    }
    if (text.size() > 200)
      result += "...";
    return result;
  }

  void checkDuplicate(bool &seen, const std::string &key) {
    if (seen)
      malformed("duplicate key '" + key + "'");
    seen = true;
  }

  char peek() const { return pos < text.size() ? text[pos] : '\0'; }

  void skipSpace() {
    while (pos < text.size() && std::strchr(" \t\r\n", text[pos]))
      ++pos;
  }

  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  void expect(char c) {
    if (!consume(c))
      malformed(std::string("expected '") + c + "'");
  }

  std::string parseString() {
    char quote = peek();
    if (quote != '\'' && quote != '"')
      malformed("expected a quoted string");
    ++pos;
    size_t end = text.find(quote, pos);
    if (end == std::string_view::npos)
      malformed("unterminated string");
    std::string result(text.substr(pos, end - pos));
    pos = end + 1;
    return result;
  }

  bool parseBool() {
    if (text.substr(pos, 4) == "True") {
      pos += 4;
      return true;
    }
    if (text.substr(pos, 5) == "False") {
      pos += 5;
      return false;
    }
    malformed("expected True or False");
  }

  std::vector<int64_t> parseShape() {
    std::vector<int64_t> shape;
    expect('(');
    bool trailingComma = false;
    while (true) {
      skipSpace();
      if (consume(')'))
        break;
      shape.push_back(parseDim());
      skipSpace();
      trailingComma = consume(',');
      if (!trailingComma) {
        skipSpace();
        expect(')');
        break;
      }
    }
    // "(3)" is just a parenthesized int in Python, not a tuple.
    if (shape.size() == 1 && !trailingComma)
      malformed("shape is not a tuple (a 1-d shape needs a trailing comma)");
    return shape;
  }

  int64_t parseDim() {
    bool negative = consume('-');
    if (!negative)
      consume('+');
    if (!std::isdigit(static_cast<unsigned char>(peek())))
      malformed("expected an integer dimension in shape");
    int64_t value = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      int digit = text[pos++] - '0';
      if (value > (INT64_MAX - digit) / 10)
        fail(name, "invalid shape: dimension too large");
      value = value * 10 + digit;
    }
    // Python 2 era files spell dims as long literals, e.g. (3L,).
    if (peek() == 'L' || peek() == 'l')
      ++pos;
    if (negative && value != 0)
      fail(name, "invalid shape: negative dimension -" + std::to_string(value));
    return value;
  }

  std::string_view text;
  const std::string &name;
  size_t pos = 0;
};

/// Bytes left in the stream, if it is seekable.
std::optional<uint64_t> remainingBytes(std::istream &in) {
  std::istream::pos_type here = in.tellg();
  if (here == std::istream::pos_type(-1))
    return std::nullopt;
  in.seekg(0, std::ios::end);
  std::istream::pos_type end = in.tellg();
  in.seekg(here);
  if (end == std::istream::pos_type(-1) || !in || end < here) {
    in.clear();
    in.seekg(here);
    return std::nullopt;
  }
  return static_cast<uint64_t>(end - here);
}

/// Reads exactly `size` bytes or reports how many were available.
void readExact(std::istream &in, char *dst, uint64_t size,
               const std::string &name, const char *what) {
  in.read(dst, static_cast<std::streamsize>(size));
  uint64_t got = static_cast<uint64_t>(in.gcount());
  if (got != size)
    fail(name, std::string("truncated ") + what + ": expected " +
                   std::to_string(size) + " bytes, got " + std::to_string(got));
}

uint64_t readLE(const unsigned char *bytes, size_t count) {
  uint64_t value = 0;
  for (size_t i = count; i-- > 0;)
    value = (value << 8) | bytes[i];
  return value;
}

void byteSwapInPlace(char *data, size_t elementSize, int64_t count) {
  for (int64_t i = 0; i < count; ++i, data += elementSize)
    std::reverse(data, data + elementSize);
}

std::string shapeRepr(const std::vector<int64_t> &shape) {
  // Python tuple repr: "()", "(3,)", "(2, 3)".
  std::string result = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      result += ", ";
    result += std::to_string(shape[i]);
  }
  if (shape.size() == 1)
    result += ',';
  result += ')';
  return result;
}

} // namespace

std::string aicc::rt::npyDescr(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::I8:
    return "|i1";
  case DType::I16:
    return "<i2";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::U8:
    return "|u1";
  case DType::Bool:
    return "|b1";
  }
  throw Error("invalid DType value " + std::to_string(static_cast<int>(dtype)));
}

Tensor aicc::rt::readNpy(std::istream &in, const std::string &name) {
  unsigned char prefix[kMagicLen + 2];
  in.read(reinterpret_cast<char *>(prefix), sizeof(prefix));
  if (static_cast<size_t>(in.gcount()) != sizeof(prefix) ||
      std::memcmp(prefix, kMagic, kMagicLen) != 0)
    fail(name, "not a .npy file (bad magic)");
  unsigned major = prefix[kMagicLen], minor = prefix[kMagicLen + 1];
  if (major < 1 || major > 3 || minor != 0)
    fail(name, "unsupported .npy format version " + std::to_string(major) +
                   "." + std::to_string(minor) + " (supported: 1.0, 2.0, 3.0)");

  // v1 stores the header length as u16, v2/v3 as u32 (v3 only changes the
  // header encoding to UTF-8, which our ASCII-only parser need not care about).
  size_t lenBytes = major == 1 ? 2 : 4;
  unsigned char lenField[4];
  readExact(in, reinterpret_cast<char *>(lenField), lenBytes, name,
            "header length");
  uint64_t headerLen = readLE(lenField, lenBytes);
  if (headerLen > kMaxHeaderLen)
    fail(name, "malformed header: header length " + std::to_string(headerLen) +
                   " is implausibly large");
  std::optional<uint64_t> remaining = remainingBytes(in);
  if (remaining && *remaining < headerLen)
    fail(name, "truncated header: expected " + std::to_string(headerLen) +
                   " bytes, got " + std::to_string(*remaining));
  std::string headerText(headerLen, '\0');
  readExact(in, headerText.data(), headerLen, name, "header");

  NpyHeader header = HeaderParser(headerText, name).parse();

  // Validate the data size against the file before allocating, so a garbage
  // shape cannot trigger a huge allocation.
  uint64_t expected = 0;
  {
    int64_t count = 1;
    bool zero = std::find(header.shape.begin(), header.shape.end(), 0) !=
                header.shape.end();
    if (!zero) {
      int64_t limit = INT64_MAX / static_cast<int64_t>(dtypeSize(header.dtype));
      for (int64_t dim : header.shape) {
        if (count > limit / dim)
          fail(name, "invalid shape " + shapeRepr(header.shape) +
                         ": element count overflows");
        count *= dim;
      }
      expected = static_cast<uint64_t>(count) * dtypeSize(header.dtype);
    }
  }
  remaining = remainingBytes(in);
  if (remaining && *remaining < expected)
    fail(name, "truncated data: expected " + std::to_string(expected) +
                   " bytes, got " + std::to_string(*remaining));

  Tensor tensor(header.dtype, header.shape);
  readExact(in, static_cast<char *>(tensor.data()), tensor.byteSize(), name,
            "data");
  if (header.byteSwap)
    byteSwapInPlace(static_cast<char *>(tensor.data()), dtypeSize(header.dtype),
                    tensor.numElements());
  if (header.dtype == DType::Bool) {
    // Keep bools canonical (0/1) whatever nonzero byte the file used.
    auto *bytes = static_cast<unsigned char *>(tensor.data());
    for (int64_t i = 0; i < tensor.numElements(); ++i)
      bytes[i] = bytes[i] != 0;
  }
  return tensor;
}

Tensor aicc::rt::readNpy(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail(path, "cannot open file: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open())
    fail(path, std::string("cannot open file: ") + std::strerror(errno));
  return readNpy(in, path);
}

void aicc::rt::writeNpy(std::ostream &out, const Tensor &tensor,
                        const std::string &name) {
  // Byte-for-byte what np.save writes (numpy/lib/format.py).
  std::string dict =
      "{'descr': '" + npyDescr(tensor.dtype()) +
      "', 'fortran_order': False, 'shape': " + shapeRepr(tensor.shape()) +
      ", }";
  if (tensor.rank() > 0) {
    size_t digits = std::to_string(tensor.shape()[0]).size();
    if (digits < kGrowthAxisMaxDigits)
      dict.append(kGrowthAxisMaxDigits - digits, ' ');
  }
  size_t textLen = dict.size() + 1; // + '\n'
  unsigned version = 1;
  size_t lenBytes = 2;
  size_t padLen = kAlign - (kMagicLen + 2 + lenBytes + textLen) % kAlign;
  if (textLen + padLen > 0xffff) {
    version = 2;
    lenBytes = 4;
    padLen = kAlign - (kMagicLen + 2 + lenBytes + textLen) % kAlign;
  }
  uint64_t headerLen = textLen + padLen;
  if (headerLen > 0xffffffffu)
    fail(name, "cannot write .npy: header too large");

  std::string bytes(kMagic, kMagicLen);
  bytes += static_cast<char>(version);
  bytes += '\0';
  for (size_t i = 0; i < lenBytes; ++i)
    bytes += static_cast<char>((headerLen >> (8 * i)) & 0xff);
  bytes += dict;
  bytes.append(padLen, ' ');
  bytes += '\n';
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.write(static_cast<const char *>(tensor.data()),
            static_cast<std::streamsize>(tensor.byteSize()));
  out.flush();
  if (!out)
    fail(name, "write failed");
}

void aicc::rt::writeNpy(const std::string &path, const Tensor &tensor) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out.is_open())
    fail(path,
         std::string("cannot open file for writing: ") + std::strerror(errno));
  writeNpy(out, tensor, path);
  out.close();
  if (!out)
    fail(path, "write failed");
}
