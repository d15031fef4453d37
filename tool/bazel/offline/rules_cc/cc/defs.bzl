# Offline stand-in for rules_cc: Bazel 4's native C++ rules.
def cc_toolchain(**kw):
    native.cc_toolchain(**kw)
def cc_toolchain_suite(**kw):
    native.cc_toolchain_suite(**kw)
def cc_library(**kw):
    native.cc_library(**kw)
def cc_binary(**kw):
    native.cc_binary(**kw)
