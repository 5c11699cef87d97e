# Writes OUT: a title, then the generated pass documentation files listed in
# PARTS (comma-separated).
file(WRITE ${OUT} "# aicc passes\n\nGenerated from `include/aicc/Transforms/Passes.td` and\n`include/aicc/Conversion/Passes.td` by `ninja aicc-doc`; do not edit.\nEvery pass runs in `aicc-opt` under the flag shown.\n\n")
string(REPLACE "," ";" parts "${PARTS}")
foreach(part ${parts})
  file(READ ${part} text)
  file(APPEND ${OUT} "${text}\n")
endforeach()
