//===- Parse.cpp - parsing aig programs -----------------------------------===//

#include "aicc/Compiler/Parse.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
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
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, config);
  if (module && failed(rejectOldAttributeNames(*module)))
    return nullptr;
  return module;
}

LogicalResult rejectOldAttributeNames(ModuleOp module) {
  // Before the aig dialect owned them (and verified them), the marks were
  // spelled aicc.*; nothing checks such a name, so a program using it would
  // silently lose its parameters.
  auto check = [](FunctionOpInterface fn, DictionaryAttr attrs,
                  StringRef what, unsigned index) -> LogicalResult {
    if (!attrs)
      return success();
    for (NamedAttribute attr : attrs) {
      StringRef name = attr.getName().getValue();
      if (name.consume_front("aicc."))
        return emitError(fn.getLoc()) << what << " " << index << ": attribute 'aicc."
                              << name << "' is now spelled 'aig." << name
                              << "'";
    }
    return success();
  };
  WalkResult result = module.walk([&](FunctionOpInterface fn) {
    for (unsigned i = 0; i < fn.getNumArguments(); ++i)
      if (failed(check(fn, fn.getArgAttrDict(i), "argument", i)))
        return WalkResult::interrupt();
    for (unsigned i = 0; i < fn.getNumResults(); ++i)
      if (failed(check(fn, fn.getResultAttrDict(i), "result", i)))
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

} // namespace aicc
