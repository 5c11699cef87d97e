//===- AigEnums.td - aig enum attributes -------------------*- tablegen -*-===//

#ifndef AICC_DIALECT_AIG_AIGENUMS_TD
#define AICC_DIALECT_AIG_AIGENUMS_TD

include "mlir/IR/EnumAttr.td"

def Aig_CmpEQ : I32EnumAttrCase<"eq", 0>;
def Aig_CmpNE : I32EnumAttrCase<"ne", 1>;
def Aig_CmpLT : I32EnumAttrCase<"lt", 2>;
def Aig_CmpLE : I32EnumAttrCase<"le", 3>;
def Aig_CmpGT : I32EnumAttrCase<"gt", 4>;
def Aig_CmpGE : I32EnumAttrCase<"ge", 5>;

def Aig_ComparePredicateAttr : I32EnumAttr<"ComparePredicate",
    "comparison predicate of aig.compare",
    [Aig_CmpEQ, Aig_CmpNE, Aig_CmpLT, Aig_CmpLE, Aig_CmpGT, Aig_CmpGE]> {
  let cppNamespace = "::aicc::aig";
}

#endif // AICC_DIALECT_AIG_AIGENUMS_TD
