# Writes each file as a raw string literal, one per line of the generated
# array initializer (see Catalog.cpp). With NAMED, each entry is a brace pair
# {"<file name without extension>", R"(text)"} (see Checks.cpp).
set(content "")
foreach(f ${FILES})
  file(READ ${f} text)
  if(NAMED)
    get_filename_component(name ${f} NAME_WE)
    string(APPEND content "{\"${name}\", R\"ssc(${text})ssc\"},\n")
  else()
    string(APPEND content "R\"ssc(${text})ssc\",\n")
  endif()
endforeach()
file(WRITE ${OUT}.tmp "${content}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
