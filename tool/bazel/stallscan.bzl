"""stallscan for Bazel: per-TU summaries as declared outputs, linked into a report.

    load("@stallscan//tool/bazel:stallscan.bzl", "stallscan_report")
    stallscan_report(name = "stallscan", deps = ["//server:main"])

`stallscan_aspect` walks cc_* targets along `deps` and, for each C or C++
source, runs clang++ with the stallscan plugin (-fsyntax-only, nothing else
is compiled) writing the TU's summary (summary-out=) to a declared output,
so local, sandboxed and remote execution all return it and Bazel caches it
like any output. `stallscan_report` links the summaries of every target it
reaches (`stallscan link`) into a report, parsing nothing again.

The prebuilt tools come from `stallscan_tools`, a repository rule pointing
at a stallscan build folder (see WORKSPACE.example).
"""

_SOURCE_EXTENSIONS = ["c", "cc", "cpp", "cxx", "c++", "C"]

StallscanSummaries = provider(
    doc = "The stallscan summaries of a target and of everything it depends on.",
    fields = {
        "summaries": "depset of .stallscan.json files",
        "sources": "depset of the sources and headers they were written from",
    },
)

def _compile_flags(ctx, target):
    """The include paths and defines the target compiles with, and its copts."""
    cc = target[CcInfo].compilation_context
    flags = []
    for d in cc.defines.to_list() + cc.local_defines.to_list():
        flags.append("-D" + d)
    for i in cc.quote_includes.to_list():
        flags += ["-iquote", i]
    for i in cc.includes.to_list():
        flags += ["-I", i]
    for i in cc.system_includes.to_list():
        flags += ["-isystem", i]
    for i in cc.framework_includes.to_list():
        flags += ["-F", i]
    flags += getattr(ctx.rule.attr, "copts", [])
    return flags, cc.headers

def _stallscan_aspect_impl(target, ctx):
    deps = [
        dep[StallscanSummaries]
        for dep in getattr(ctx.rule.attr, "deps", [])
        if StallscanSummaries in dep
    ]
    transitive = [d.summaries for d in deps]
    transitive_sources = [d.sources for d in deps]
    if CcInfo not in target or not hasattr(ctx.rule.attr, "srcs"):
        return [StallscanSummaries(
            summaries = depset(transitive = transitive),
            sources = depset(transitive = transitive_sources),
        )]
    flags, headers = _compile_flags(ctx, target)
    plugin = ctx.file._plugin
    outputs = []
    read = []
    for src_target in ctx.rule.attr.srcs:
        for src in src_target.files.to_list():
            if src.extension not in _SOURCE_EXTENSIONS:
                continue
            out = ctx.actions.declare_file(
                "%s.stallscan/%s.stallscan.json" % (target.label.name, src.short_path),
            )
            args = ctx.actions.args()
            args.add("-fsyntax-only")
            args.add("-x", "c" if src.extension == "c" else "c++")
            if src.extension != "c":
                args.add(ctx.attr._cxx_std)
            args.add("-fplugin=" + plugin.path)
            args.add("-fplugin-arg-stallscan-summary-out=" + out.path)
            # Each action runs in a sandbox (or on another machine) of its
            # own: paths are written under /proc/self/cwd, the execution
            # root, so every summary names a file the same way.
            args.add("-fplugin-arg-stallscan-prefix-map=.=/proc/self/cwd")
            args.add_all(flags)
            args.add(src.path)
            ctx.actions.run(
                executable = ctx.attr._clang,
                arguments = [args],
                inputs = depset([src, plugin], transitive = [headers]),
                outputs = [out],
                mnemonic = "StallscanSummary",
                progress_message = "stallscan summary of %s" % src.short_path,
            )
            outputs.append(out)
            read.append(src)
    summaries = depset(outputs, transitive = transitive)
    sources = depset(read, transitive = transitive_sources + [headers])
    return [
        StallscanSummaries(summaries = summaries, sources = sources),
        OutputGroupInfo(stallscan_summaries = summaries),
    ]

stallscan_aspect = aspect(
    implementation = _stallscan_aspect_impl,
    attr_aspects = ["deps"],
    attrs = {
        "_plugin": attr.label(
            default = "@stallscan_tools//:lib/stallscan-plugin.so",
            allow_single_file = True,
        ),
        # Debian's clang++-19, which the plugin is built for, from the PATH
        # of the action (use_default_shell_env is not needed: a bare name).
        "_clang": attr.string(default = "clang++-19"),
        "_cxx_std": attr.string(default = "-std=c++17"),
    },
)

def _stallscan_report_impl(ctx):
    summaries = depset(transitive = [
        dep[StallscanSummaries].summaries
        for dep in ctx.attr.deps
    ]).to_list()
    # The sources too: the report reads them for NOLINT comments and
    # snippets, at the paths the summaries name (/proc/self/cwd/...).
    sources = depset(transitive = [
        dep[StallscanSummaries].sources
        for dep in ctx.attr.deps
    ])
    report = ctx.actions.declare_file(ctx.label.name + "." + ctx.attr.format)
    args = ctx.actions.args()
    args.add("link")
    args.add_all(summaries)
    args.add("--format=" + ctx.attr.format)
    args.add("--fail-on=never")
    args.add("--quiet")
    args.add("--root=/proc/self/cwd")
    args.add("-o", report)
    ctx.actions.run(
        executable = ctx.executable._stallscan,
        arguments = [args],
        inputs = depset(summaries, transitive = [sources]),
        outputs = [report],
        mnemonic = "StallscanLink",
        progress_message = "stallscan link of %d summaries" % len(summaries),
    )
    return [DefaultInfo(files = depset([report]))]

stallscan_report = rule(
    implementation = _stallscan_report_impl,
    attrs = {
        "deps": attr.label_list(aspects = [stallscan_aspect]),
        "format": attr.string(
            default = "json",
            values = ["text", "json", "sarif", "codeclimate", "html", "dot"],
        ),
        "_stallscan": attr.label(
            default = "@stallscan_tools//:bin/stallscan",
            executable = True,
            cfg = "exec",
            allow_single_file = True,
        ),
    },
)

def _stallscan_tools_impl(rctx):
    build = rctx.path(rctx.attr.build_dir)
    rctx.symlink(build.get_child("bin").get_child("stallscan"), "bin/stallscan")
    rctx.symlink(build.get_child("lib").get_child("stallscan-plugin.so"), "lib/stallscan-plugin.so")
    rctx.file("BUILD.bazel", """exports_files(
    ["bin/stallscan", "lib/stallscan-plugin.so"],
    visibility = ["//visibility:public"],
)
""")

stallscan_tools = repository_rule(
    implementation = _stallscan_tools_impl,
    attrs = {"build_dir": attr.string(mandatory = True, doc = "a stallscan build folder (./tool/setup's build/)")},
    local = True,
)
