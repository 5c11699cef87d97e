//===- AigDialect.h - aig dialect -------------------------------*- C++ -*-===//

#ifndef AICC_DIALECT_AIG_AIGDIALECT_H
#define AICC_DIALECT_AIG_AIGDIALECT_H

#include "mlir/IR/Dialect.h"

#include "aicc/Dialect/Aig/AigDialect.h.inc"

#endif // AICC_DIALECT_AIG_AIGDIALECT_H
