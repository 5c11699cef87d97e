//===- Print.cpp - Human-readable tensor formatting -----------------------===//

#include "aicc/runtime/Print.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

using namespace aicc::rt;

namespace {

std::string formatElement(const Tensor &tensor, int64_t flatIndex) {
  return visitDType(tensor.dtype(), [&](auto tag) -> std::string {
    using T = typename decltype(tag)::type;
    T value = tensor.data<T>()[flatIndex];
    if constexpr (std::is_same_v<T, bool>) {
      return value ? "true" : "false";
    } else if constexpr (std::is_floating_point_v<T>) {
      // Shortest round-trip repr; add numpy's trailing '.' so integral
      // floats are distinguishable from ints.
      std::string text = fmt::format("{}", value);
      if (std::isfinite(value) && text.find_first_of(".e") == std::string::npos)
        text += '.';
      return text;
    } else {
      // Widen so int8_t/uint8_t print as numbers, not characters.
      return fmt::format("{}", static_cast<int64_t>(value));
    }
  });
}

class TensorFormatter {
public:
  TensorFormatter(const Tensor &tensor, int maxElementsPerDim)
      : tensor(tensor), strides(tensor.strides()),
        maxPerDim(maxElementsPerDim) {}

  std::string format() {
    if (tensor.rank() == 0)
      return formatElement(tensor, 0);
    // First pass only measures, so columns can be right-aligned.
    std::string ignored;
    emit(0, 0, ignored, /*measureOnly=*/true);
    std::string out;
    emit(0, 0, out, /*measureOnly=*/false);
    return out;
  }

private:
  void emit(int64_t dim, int64_t base, std::string &out, bool measureOnly) {
    int64_t size = tensor.shape()[dim];
    bool elide = maxPerDim > 0 && size > maxPerDim;
    int64_t head = elide ? (maxPerDim + 1) / 2 : size;
    int64_t tail = elide ? maxPerDim / 2 : 0;
    bool innermost = dim == tensor.rank() - 1;
    // Rows of a matrix are separated by one newline, matrices by two, etc.
    std::string separator =
        innermost ? ", "
                  : "," + std::string(tensor.rank() - dim - 1, '\n') +
                        std::string(dim + 1, ' ');

    out += '[';
    bool first = true;
    auto emitEntry = [&](int64_t i) {
      if (!first)
        out += separator;
      first = false;
      int64_t offset = base + i * strides[dim];
      if (!innermost) {
        emit(dim + 1, offset, out, measureOnly);
        return;
      }
      std::string text = formatElement(tensor, offset);
      if (measureOnly)
        width = std::max(width, text.size());
      else
        out += fmt::format("{:>{}}", text, width);
    };
    for (int64_t i = 0; i < head; ++i)
      emitEntry(i);
    if (elide) {
      out += separator;
      out += "...";
      for (int64_t i = size - tail; i < size; ++i)
        emitEntry(i);
    }
    out += ']';
  }

  const Tensor &tensor;
  std::vector<int64_t> strides;
  int maxPerDim;
  size_t width = 0;
};

} // namespace

std::string aicc::rt::formatTensor(const Tensor &tensor,
                                   int maxElementsPerDim) {
  return "tensor<" + tensor.shapeString() + ">\n" +
         TensorFormatter(tensor, maxElementsPerDim).format();
}
