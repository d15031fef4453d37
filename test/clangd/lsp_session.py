#!/usr/bin/env python3
"""A small LSP client for clangd (stdlib only), and a scripted session for FileCheck.

The class `LspClient` starts a language server, frames JSON-RPC messages with
Content-Length headers over its stdin/stdout, reads its messages on a
background thread (answering every server->client request, such as
window/workDoneProgress/create or client/registerCapability, with a null
result), matches responses to requests by id, and lets the caller wait for
notifications (`wait_diagnostics` for textDocument/publishDiagnostics) with a
predicate and a timeout.  The server's stderr goes to a file, never a pipe,
so it can never block the server.  latency.py imports this module.

The scripted session (`main`):

  initialize, initialized, didOpen FILE (its disk content, version 1)
  open:     the first publishDiagnostics for FILE
  change1:  didChange (version 2): TEXT inserted as a new line before line N
  change2:  didChange (version 3): back to the original text
  hover at --hover-line/--hover-col of the original text
  shutdown, exit

and prints, for each phase, every diagnostic whose `code` is --expect-code:

  open: <code> <source> line=<L> col=<C> end=<L>:<C> "<message>"
  open: related: <file basename>:<line> "<message>"     (one per relatedInformation)
  open: doc: <codeDescription href> | none              (with --print-doc-links)
  open: <N> diagnostics with code <code>
  change1: ...                                          (same lines)
  change2: ...                                          (same lines)
  hover: ok | hover: empty
  hover-text: <line>                                    (with --print-hover, per line)
  exit: <clangd's exit code>

Codes are compared exactly as clangd sends them: "-Wunused-variable" for a
clang warning (its flag), "redefinition" for an error (its internal name),
"bugprone-assignment-in-if-condition" for clang-tidy; values starting with
'-' can be given as separate arguments (--expect-code -Wunused-variable).
Lines and columns are 1-based; columns count bytes (UTF-8), like clang's own
diagnostics (the session asks for the utf-8 position encoding and converts if
the server insists on utf-16).  Diagnostics are printed sorted by position,
messages JSON-quoted, so the output is deterministic.

usage: lsp_session.py --clangd BIN --file PATH --compile-commands-dir DIR
                      --expect-code CODE --insert-line N --insert-text TEXT
                      [--hover-line L --hover-col C] [--print-hover] [--print-doc-links]
                      [--timeout S] [--clangd-arg ARG]... [--clangd-log FILE]
                      [--trace FILE] [--user-config YAML | --no-stdlib-index]
                      [--root DIR] [--language-id ID]

Exit status: 0 on success; 1 if clangd timed out, died, answered a request
with an error, or exited non-zero (a message on stderr says which, with the
tail of clangd's log).
"""
import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

__all__ = ["LspClient", "LspError", "LspTimeout", "LspServerDied", "path_to_uri",
           "uri_to_path", "default_capabilities", "clangd_argv"]


class LspError(Exception):
    """A failed session: an error response, a timeout, or a dead server."""


class LspTimeout(LspError):
    pass


class LspServerDied(LspError):
    pass


def path_to_uri(path):
    return "file://" + urllib.request.pathname2url(os.path.abspath(path))


def uri_to_path(uri):
    if uri.startswith("file://"):
        return urllib.request.url2pathname(urllib.parse.urlparse(uri).path)
    return uri


def default_capabilities(work_done_progress=True):
    """Client capabilities: related information and code descriptions for
    diagnostics, versioned diagnostics, utf-8 positions if the server agrees
    (LSP 3.17 general.positionEncodings, and clangd's older offsetEncoding)."""
    return {
        "general": {"positionEncodings": ["utf-8", "utf-16"]},
        "offsetEncoding": ["utf-8", "utf-16"],
        "window": {"workDoneProgress": work_done_progress},
        "workspace": {"configuration": False, "workspaceFolders": True},
        "textDocument": {
            "synchronization": {"dynamicRegistration": False, "didSave": True,
                                "willSave": False, "willSaveWaitUntil": False},
            "publishDiagnostics": {
                "relatedInformation": True,
                "codeDescriptionSupport": True,
                "versionSupport": True,
                "tagSupport": {"valueSet": [1, 2]},
                "dataSupport": True,
            },
            "hover": {"dynamicRegistration": False,
                      "contentFormat": ["plaintext", "markdown"]},
        },
    }


def clangd_argv(binary, compile_commands_dir=None, extra=(), jobs=2, log="error"):
    """The clangd command line both scripts use."""
    argv = [binary]
    if compile_commands_dir:
        argv.append("--compile-commands-dir=" + os.path.abspath(compile_commands_dir))
    argv += ["--background-index=false", "--log=" + log, "-j=%d" % jobs]
    return argv + list(extra)


class UserConfig:
    """A private clangd user config: a temporary XDG_CONFIG_HOME holding
    clangd/config.yaml with `text` (so that ~/.config/clangd/config.yaml does
    not leak in).  `env` is the environment to start clangd with; call
    cleanup() when done."""

    def __init__(self, text):
        self.dir = tempfile.mkdtemp(prefix="lsp-session-clangd-config-")
        os.makedirs(os.path.join(self.dir, "clangd"))
        with open(os.path.join(self.dir, "clangd", "config.yaml"), "w") as f:
            f.write(text)
        self.env = dict(os.environ, XDG_CONFIG_HOME=self.dir)

    def cleanup(self):
        import shutil
        shutil.rmtree(self.dir, ignore_errors=True)


# clangd (16+) indexes the whole C++ standard library right after the first
# preamble is built, concurrently with the main-file AST, and waits for that
# on exit (~1.3 s here).  This user config switches it off.
NO_STDLIB_INDEX = "Index:\n  StandardLibrary: No\n"


class _Pending:
    __slots__ = ("method", "event", "response", "sent", "received")

    def __init__(self, method):
        self.method = method
        self.event = threading.Event()
        self.response = None
        self.sent = None
        self.received = None


class LspClient:
    """A language server process spoken to over stdio.

    Notifications are kept, in arrival order, with the time.perf_counter()
    at which the reader thread finished parsing each; `wait_notification`
    and `wait_diagnostics` return (index, timestamp, params) so that a caller
    can wait for "the next one after index i"."""

    def __init__(self, argv, cwd=None, stderr_path=None, trace_path=None, env=None):
        self.argv = list(argv)
        self._own_log = stderr_path is None
        if stderr_path is None:
            fd, stderr_path = tempfile.mkstemp(prefix="lsp-session-clangd-", suffix=".log")
            os.close(fd)
        self.stderr_path = stderr_path
        self.keep_log = False   # a temporary log is removed by close() unless this is set
        self._stderr = open(stderr_path, "wb")
        self._trace = open(trace_path, "w") if trace_path else None
        self._trace_lock = threading.Lock()
        self._t0 = time.perf_counter()
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._stderr, cwd=cwd, env=env)
        except OSError as e:
            self._stderr.close()
            self.remove_log()
            if self._trace:
                self._trace.close()
            raise LspError("cannot start %s: %s" % (self.argv[0], e.strerror or e))
        self._next_id = 1
        self._id_lock = threading.Lock()
        self._pending = {}
        self._cond = threading.Condition()
        self.notifications = []          # (timestamp, method, params)
        self.server_requests = []        # (timestamp, method, params)
        self.protocol_errors = []
        self._eof = False
        self._out = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="lsp-writer", daemon=True)
        self._reader = threading.Thread(target=self._read_loop, name="lsp-reader", daemon=True)
        self._writer.start()
        self._reader.start()

    # ---- plumbing -------------------------------------------------------
    def _log(self, direction, msg):
        if self._trace:
            with self._trace_lock:
                self._trace.write("%.6f %s %s\n" % (time.perf_counter() - self._t0, direction,
                                                      json.dumps(msg, sort_keys=True)))
                self._trace.flush()

    def _write_loop(self):
        # One writer thread: the reader thread answers server requests without
        # ever blocking on a full stdin pipe, and the caller never blocks either.
        while True:
            item = self._out.get()
            if item is None:
                return
            msg, pending = item
            body = json.dumps(msg, separators=(",", ":")).encode("utf-8")
            try:
                if pending is not None:
                    pending.sent = time.perf_counter()
                self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.proc.stdin.flush()
                self._log(">>", msg)
            except (BrokenPipeError, OSError, ValueError):
                self._log("!!", {"write-failed": msg.get("method", msg.get("id"))})

    def _read_message(self, stream):
        length = None
        while True:
            line = stream.readline()
            if not line:
                return None
            line = line.rstrip(b"\r\n")
            if not line:
                if length is None:
                    self.protocol_errors.append("header block without Content-Length")
                    continue
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        body = stream.read(length)
        if len(body) < length:
            return None
        return json.loads(body.decode("utf-8"))

    def _read_loop(self):
        stream = self.proc.stdout
        try:
            while True:
                try:
                    msg = self._read_message(stream)
                except (ValueError, UnicodeDecodeError) as e:
                    self.protocol_errors.append("unparsable message: %s" % e)
                    continue
                if msg is None:
                    break
                now = time.perf_counter()
                self._log("<<", msg)
                self._dispatch(msg, now)
        finally:
            with self._cond:
                self._eof = True
                self._cond.notify_all()
                for p in self._pending.values():
                    p.event.set()

    def _dispatch(self, msg, now):
        if "method" in msg and "id" in msg:
            # A server->client request: always answer (null result is valid
            # for workDoneProgress/create, registerCapability, showMessageRequest...).
            with self._cond:
                self.server_requests.append((now, msg["method"], msg.get("params")))
                self._cond.notify_all()
            self._out.put(({"jsonrpc": "2.0", "id": msg["id"], "result": None}, None))
        elif "method" in msg:
            with self._cond:
                self.notifications.append((now, msg["method"], msg.get("params")))
                self._cond.notify_all()
        elif "id" in msg:
            pending = self._pending.get(msg["id"])
            if pending is None or pending.response is not None:
                self.protocol_errors.append("response to unknown id %r" % (msg["id"],))
                return
            pending.response = msg
            pending.received = now
            pending.event.set()
        else:
            self.protocol_errors.append("message with neither method nor id")

    # ---- sending --------------------------------------------------------
    def notify(self, method, params=None):
        """Sends a notification; returns a record whose .sent is the
        time.perf_counter() just before its bytes were written (None until then)."""
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        record = _Pending(method)
        self._out.put((msg, record))
        return record

    def send_request(self, method, params=None):
        """Sends a request; returns its id (see `wait_response`)."""
        with self._id_lock:
            rid = self._next_id
            self._next_id += 1
        pending = _Pending(method)
        with self._cond:
            self._pending[rid] = pending
            if self._eof:
                pending.event.set()
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        self._out.put((msg, pending))
        return rid

    def wait_response(self, rid, timeout):
        """The response message (dict) for request id `rid`."""
        pending = self._pending.get(rid)
        if pending is None:
            raise LspError("no request with id %r" % (rid,))
        if not pending.event.wait(timeout):
            raise LspTimeout("no response to %s (id %d) within %gs" % (pending.method, rid, timeout))
        if pending.response is None:
            raise LspServerDied("server exited before answering %s (id %d)%s"
                                % (pending.method, rid, self._exit_note()))
        del self._pending[rid]
        return pending.response

    def request(self, method, params=None, timeout=60):
        """Sends a request and returns its result; raises LspError on an error response."""
        resp = self.wait_response(self.send_request(method, params), timeout)
        if "error" in resp:
            err = resp["error"]
            raise LspError("%s failed: %s (code %s)" % (method, err.get("message"), err.get("code")))
        return resp.get("result")

    # ---- waiting --------------------------------------------------------
    def notification_count(self):
        with self._cond:
            return len(self.notifications)

    def wait_notification(self, method, predicate=None, since=0, timeout=60, what=None):
        """Waits for the first notification `method` at index >= since whose
        params satisfy predicate; returns (index, timestamp, params)."""
        deadline = time.monotonic() + timeout
        i = since
        with self._cond:
            while True:
                while i < len(self.notifications):
                    ts, m, params = self.notifications[i]
                    if m == method and (predicate is None or predicate(params)):
                        return i, ts, params
                    i += 1
                if self._eof:
                    raise LspServerDied("server exited while waiting for %s%s"
                                        % (what or method, self._exit_note()))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspTimeout("no %s within %gs" % (what or method, timeout))
                self._cond.wait(left)

    def wait_diagnostics(self, uri, predicate=None, since=0, timeout=60, what=None):
        """The first textDocument/publishDiagnostics for `uri` (at notification
        index >= since) whose params satisfy predicate: (index, timestamp, params)."""
        def match(params):
            return params.get("uri") == uri and (predicate is None or predicate(params))
        return self.wait_notification("textDocument/publishDiagnostics", match, since, timeout,
                                      what or "publishDiagnostics for %s" % uri)

    # ---- lifecycle ------------------------------------------------------
    def initialize(self, root_uri=None, capabilities=None, timeout=60, initialization_options=None):
        params = {
            "processId": os.getpid(),
            "clientInfo": {"name": "stallscan-lsp-session", "version": "1"},
            "rootUri": root_uri,
            "capabilities": capabilities if capabilities is not None else default_capabilities(),
        }
        if root_uri:
            params["workspaceFolders"] = [{"uri": root_uri, "name": os.path.basename(uri_to_path(root_uri)) or "root"}]
        if initialization_options is not None:
            params["initializationOptions"] = initialization_options
        result = self.request("initialize", params, timeout)
        self.server_capabilities = (result or {}).get("capabilities", {})
        self.server_info = (result or {}).get("serverInfo", {})
        self.position_encoding = (self.server_capabilities.get("positionEncoding")
                                  or (result or {}).get("offsetEncoding") or "utf-16")
        self.notify("initialized", {})
        return result

    def shutdown(self, timeout=30):
        """shutdown request, exit notification, wait for the process; returns its
        exit code (raises LspTimeout if it does not go: close() then kills it)."""
        if self.proc.poll() is None:
            self.request("shutdown", None, timeout)
            self.notify("exit")
        self._out.put(None)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise LspTimeout("server did not exit within %gs of the exit notification" % timeout)

    def close(self):
        """Kills the process if it is still running; releases files, and removes
        the temporary stderr log unless keep_log is set.  Always call it (or use
        the client as a context manager), also after shutdown()."""
        if self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        self._out.put(None)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        self._reader.join(5)
        self._stderr.close()
        if self._trace:
            self._trace.close()
            self._trace = None
        if not self.keep_log or self._log_empty():
            self.remove_log()

    def _log_empty(self):
        try:
            return os.path.getsize(self.stderr_path) == 0
        except OSError:
            return True

    def remove_log(self):
        if self._own_log:
            try:
                os.unlink(self.stderr_path)
            except OSError:
                pass

    def log_tail(self, lines=20):
        try:
            with open(self.stderr_path, "rb") as f:
                data = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return ""
        return "\n".join(data[-lines:])

    def _exit_note(self):
        try:
            code = self.proc.wait(1)
        except subprocess.TimeoutExpired:
            code = None
        return "" if code is None else " (exit code %d)" % code

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# ---- positions: 1-based byte columns <-> LSP characters ---------------------
def lsp_character(line_text, byte_col, encoding):
    """0-based LSP character for a 1-based byte column of line_text (str)."""
    if encoding == "utf-8":
        return byte_col - 1
    prefix = line_text.encode("utf-8")[:byte_col - 1].decode("utf-8", "replace")
    if encoding == "utf-32":
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def byte_column(line_text, character, encoding):
    """1-based byte column for a 0-based LSP character in line_text (str)."""
    if encoding == "utf-8":
        return character + 1
    if encoding == "utf-32":
        return len(line_text[:character].encode("utf-8")) + 1
    units = line_text.encode("utf-16-le")[:2 * character]
    return len(units.decode("utf-16-le", "replace").encode("utf-8")) + 1


def insert_line(text, line, new_line):
    """text with new_line inserted as a line of its own before 1-based `line`
    (after the last line if line is one past the end)."""
    lines = text.splitlines(keepends=True)
    if not 1 <= line <= len(lines) + 1:
        raise ValueError("--insert-line %d is outside 1..%d" % (line, len(lines) + 1))
    if line == len(lines) + 1 and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(line - 1, new_line + "\n")
    return "".join(lines)


# ---- the scripted session ---------------------------------------------------
def _diag_lines(prefix, params, code, text_lines, encoding, doc_links=False):
    out = []
    diags = [d for d in params.get("diagnostics", []) if str(d.get("code")) == code]

    def key(d):
        s = d["range"]["start"]
        return (s["line"], s["character"], d.get("message", ""))

    for d in sorted(diags, key=key):
        s, e = d["range"]["start"], d["range"]["end"]

        def col_of(p):
            text = text_lines[p["line"]] if p["line"] < len(text_lines) else ""
            return byte_column(text, p["character"], encoding)

        out.append('%s %s %s line=%d col=%d end=%d:%d %s' % (
            prefix, d.get("code"), d.get("source", "-"), s["line"] + 1, col_of(s),
            e["line"] + 1, col_of(e), json.dumps(d.get("message", ""))))
        for rel in d.get("relatedInformation") or []:
            loc = rel["location"]
            out.append('%s related: %s:%d %s' % (prefix, os.path.basename(uri_to_path(loc["uri"])),
                                                 loc["range"]["start"]["line"] + 1,
                                                 json.dumps(rel.get("message", ""))))
        if doc_links:
            out.append('%s doc: %s' % (prefix, (d.get("codeDescription") or {}).get("href", "none")))
    out.append("%s %d diagnostics with code %s" % (prefix, len(diags), code))
    return out


def _hover_text(contents):
    if isinstance(contents, str):
        return contents
    if isinstance(contents, dict):
        return contents.get("value", "")
    if isinstance(contents, list):
        return "\n".join(_hover_text(c) for c in contents)
    return ""


def run_session(args, emit):
    path = os.path.abspath(args.file)
    uri = path_to_uri(path)
    try:
        with open(path, "rb") as f:
            original = f.read().decode("utf-8")
        changed = insert_line(original, args.insert_line, args.insert_text)
        argv = clangd_argv(args.clangd, args.compile_commands_dir, args.clangd_arg)
        if args.user_config is not None:
            with open(args.user_config) as f:
                user_config = UserConfig(f.read())
        elif args.no_stdlib_index:
            user_config = UserConfig(NO_STDLIB_INDEX)
        else:
            user_config = None
        try:
            client = LspClient(argv, cwd=os.path.dirname(path), stderr_path=args.clangd_log,
                               trace_path=args.trace, env=user_config and user_config.env)
        except LspError:
            if user_config:
                user_config.cleanup()
            raise
    except (OSError, ValueError, LspError) as e:
        print("lsp_session: error: %s" % e, file=sys.stderr)
        return 1
    ok = False
    try:
        client.initialize(path_to_uri(args.root or os.path.dirname(path)), timeout=args.timeout)
        enc = client.position_encoding

        def phase(prefix, version, text, since):
            _, _, params = client.wait_diagnostics(
                uri, lambda p: p.get("version", version) == version, since, args.timeout,
                "publishDiagnostics for %s version %d" % (os.path.basename(path), version))
            for line in _diag_lines(prefix, params, args.expect_code, text.splitlines(), enc,
                                    args.print_doc_links):
                emit(line)

        since = client.notification_count()
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": args.language_id, "version": 1, "text": original}})
        phase("open:", 1, original, since)

        for prefix, version, text in (("change1:", 2, changed), ("change2:", 3, original)):
            since = client.notification_count()
            client.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
                # clangd extension: diagnostics for exactly this version, not "eventually".
                "wantDiagnostics": True})
            phase(prefix, version, text, since)

        if args.hover_line is not None:
            lines = original.splitlines()
            line_text = lines[args.hover_line - 1] if args.hover_line <= len(lines) else ""
            result = client.request("textDocument/hover", {
                "textDocument": {"uri": uri},
                "position": {"line": args.hover_line - 1,
                             "character": lsp_character(line_text, args.hover_col, enc)}},
                args.timeout)
            text = _hover_text(result.get("contents")) if result else ""
            emit("hover: ok" if text.strip() else "hover: empty")
            if args.print_hover and text.strip():
                for line in text.strip().splitlines():
                    emit("hover-text: " + line)

        code = client.shutdown(args.timeout)
        emit("exit: %d" % code)
        ok = code == 0
        if not ok:
            client.keep_log = True
            print("lsp_session: clangd exited with code %d\n%s" % (code, client.log_tail()),
                  file=sys.stderr)
        for err in client.protocol_errors:
            print("lsp_session: protocol: " + err, file=sys.stderr)
        return 0 if ok else 1
    except LspError as e:
        client.keep_log = True
        print("lsp_session: error: %s" % e, file=sys.stderr)
        tail = client.log_tail()
        if tail:
            print("lsp_session: last lines of clangd's stderr (%s):\n%s" % (client.stderr_path, tail),
                  file=sys.stderr)
        return 1
    finally:
        client.close()
        if user_config:
            user_config.cleanup()   # clangd reads it lazily, so only now


def join_option_values(argv, options):
    """["--opt", "-value"] -> ["--opt=-value"] for options that take a value, so
    that values starting with '-' (-Wunused-variable, --clang-tidy=false) parse."""
    out, i = [], 0
    while i < len(argv):
        a = argv[i]
        if a in options and i + 1 < len(argv):
            out.append(a + "=" + argv[i + 1])
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def session_parser(doc, root_default):
    """An argument parser with the options every clangd session script takes."""
    p = argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--compile-commands-dir", required=True,
                   help="folder with compile_commands.json (passed to clangd)")
    p.add_argument("--timeout", type=float, default=120,
                   help="seconds to wait for each reply or publish (default 120)")
    p.add_argument("--root", help="workspace root (default: %s)" % root_default)
    p.add_argument("--user-config", metavar="YAML",
                   help="run clangd with this as its only user config (a private XDG_CONFIG_HOME)")
    p.add_argument("--no-stdlib-index", action="store_true",
                   help="user config 'Index: {StandardLibrary: No}' (private XDG_CONFIG_HOME): "
                   "no standard library indexing competing with the parse")
    return p


def parse_session_args(p, argv):
    """Parses argv (default: sys.argv[1:]) where option values may start with '-'."""
    valued = {o for a in p._actions if a.nargs is None and a.option_strings for o in a.option_strings}
    return p.parse_args(join_option_values(sys.argv[1:] if argv is None else list(argv), valued))


def parse_args(argv=None):
    p = session_parser(__doc__, "the file's folder")
    p.add_argument("--clangd", required=True, help="clangd binary")
    p.add_argument("--file", required=True, help="source file to open")
    p.add_argument("--expect-code", required=True,
                   help="diagnostic code to print, exactly as clangd sends it: -Wunused-variable "
                   "for clang warnings, redefinition for errors, bugprone-... for clang-tidy")
    p.add_argument("--insert-line", type=int, required=True,
                   help="1-based line before which change1 inserts --insert-text")
    p.add_argument("--insert-text", required=True, help="the line change1 inserts")
    p.add_argument("--hover-line", type=int, help="1-based line of the hover request")
    p.add_argument("--hover-col", type=int, help="1-based byte column of the hover request")
    p.add_argument("--print-hover", action="store_true",
                   help="also print the hover text, one 'hover-text:' line per line")
    p.add_argument("--clangd-arg", action="append", default=[],
                   help="extra clangd argument (repeatable)")
    p.add_argument("--print-doc-links", action="store_true",
                   help="after each diagnostic, print its codeDescription href (or none)")
    p.add_argument("--language-id", default="cpp", help="didOpen languageId (default cpp)")
    p.add_argument("--clangd-log", help="write clangd's stderr here (default: a temporary "
                   "file, removed after a successful session)")
    p.add_argument("--trace", help="write every LSP message here, with timestamps")
    args = parse_session_args(p, argv)
    if (args.hover_line is None) != (args.hover_col is None):
        p.error("--hover-line and --hover-col go together")
    return args


def main(argv=None):
    args = parse_args(argv)

    def emit(line):
        print(line, flush=True)
    return run_session(args, emit)


if __name__ == "__main__":
    sys.exit(main())
