//===- Parse.cpp - parsing aig programs -----------------------------------===//

#include "aicc/Compiler/Parse.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"

using namespace mlir;

namespace aicc {

std::optional<size_t> findExcessiveNesting(StringRef text, unsigned limit) {
  unsigned depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // A string literal: brackets inside do not count.
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
      continue;
    }
    if (c == '/' && text.substr(i).starts_with("//")) {
      i = text.find('\n', i);
      if (i == StringRef::npos)
        break;
      continue;
    }
    if (c == '-' && text.substr(i).starts_with("->")) {
      ++i; // an arrow, not a closing '>'
      continue;
    }
    if (c == '{' || c == '(' || c == '[' || c == '<') {
      if (++depth > limit)
        return i;
    } else if ((c == '}' || c == ')' || c == ']' || c == '>') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

OwningOpRef<ModuleOp> parseModule(llvm::SourceMgr &sourceMgr,
                                  MLIRContext *context) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  StringRef text = buffer->getBuffer();
  if (std::optional<size_t> offset = findExcessiveNesting(text)) {
    auto [line, column] = sourceMgr.getLineAndColumn(
        llvm::SMLoc::getFromPointer(text.data() + *offset));
    emitError(FileLineColLoc::get(context, buffer->getBufferIdentifier(), line,
                                  column))
        << "nesting deeper than " << kMaxNestingDepth
        << " levels of brackets ({ ( [ <): the program is refused before "
           "parsing, whose recursion would overflow the stack";
    return nullptr;
  }
  ParserConfig config(context);
  return parseSourceFile<ModuleOp>(sourceMgr, config);
}

} // namespace aicc
