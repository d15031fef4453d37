# Writes each catalog JSON file as a raw string literal, one per line of the
# generated array initializer (see Catalog.cpp).
set(content "")
foreach(f ${FILES})
  file(READ ${f} text)
  string(APPEND content "R\"ssc(${text})ssc\",\n")
endforeach()
file(WRITE ${OUT}.tmp "${content}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
