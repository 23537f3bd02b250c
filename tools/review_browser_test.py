#!/usr/bin/env python3
"""Drives `veil review` in a real browser (Debian's chromium through Playwright for Python;
no browser is downloaded) and checks what an editor relies on:

1. `veil review seeds/dailynk-international-calls.txt --to K.pub --output OUT --vault V --no-open`
   prints its URL as the first line; a request without the token and one with a foreign Host
   header get 403; GET on the publish route is 405; malformed JSON is 400 quoting nothing.
2. The page shows the draft's findings; every control has an accessible name; at 390 px
   nothing scrolls sideways and text wraps only between words; screenshots at 1280 and
   390 px (and a print rendering) go to the build folder.
3. With every change accepted, Publish writes OUT byte-identical to `veil redact` with the same
   policy, and a second Publish (another tab) gets 409.
4. Keyboard only: reject one change, reword another, add a term, switch the policy and back,
   Publish; OUT holds the kept original and the wording, VAULT reveals the draft with the
   editor's key and `reveal --list` shows the sealed decisions.
5. SIGINT stops the server (exit 0) leaving no file; a port in use is exit 2.

Usage: tools/review_browser_test.py [--veil .build/debug/veil] [--shots build/review-browser]
Prints one line per check and "N passed, 0 failed"; exits 1 on any failure.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "seeds", "dailynk-international-calls.txt")
PASS_ENV = "VEIL_REVIEW_TEST_PASSPHRASE"
passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + what, flush=True)
    else:
        failed += 1
        print("FAIL " + what, flush=True)
    return ok


def run(veil, *args, env=None, **kw):
    return subprocess.run([veil, *args], capture_output=True, env=env, **kw)


class Review:
    """One `veil review` process; its URL read from the first line of standard output."""

    def __init__(self, veil, out, vault, env, extra=()):
        self.proc = subprocess.Popen(
            [veil, "review", SEED, "--to", env["KEY_PUB"], "--output", out, "--vault", vault, "--no-open", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.url = self.proc.stdout.readline().decode().strip()
        parsed = urllib.parse.urlparse(self.url)
        self.host, self.port = parsed.hostname, parsed.port
        self.token = urllib.parse.parse_qs(parsed.query).get("token", [""])[0]

    def request(self, method, path, host=None, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": host or "127.0.0.1:%d" % self.port}
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        err = self.proc.stderr.read().decode(errors="replace")
        return code, err


def accessible_names_missing(page):
    """Controls without an accessible name, from Chromium's own accessibility tree."""
    cdp = page.context.new_cdp_session(page)
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    missing = []
    for node in tree:
        role = (node.get("role") or {}).get("value")
        if role in ("button", "textbox", "combobox", "link", "checkbox", "radio", "listbox", "searchbox"):
            if node.get("ignored"):
                continue
            name = (node.get("name") or {}).get("value", "")
            if not name.strip():
                missing.append(role)
    cdp.detach()
    return missing


def layout_at(page, width, shot):
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(200)
    page.screenshot(path=shot, full_page=True)
    return page.evaluate("""() => {
        const doc = document.documentElement;
        const sideways = doc.scrollWidth > doc.clientWidth + 1;
        const broken = [];
        for (const el of document.querySelectorAll('body, .text, .change, .source, dd, p, h1, h2, h3, li, button, label')) {
            const s = getComputedStyle(el);
            if (s.overflowWrap !== 'normal' || (s.wordBreak !== 'normal' && s.wordBreak !== 'keep-all') || s.hyphens === 'auto') {
                broken.push(el.tagName + '.' + el.className);
            }
        }
        const overflowing = [];
        for (const el of document.querySelectorAll('.change, .source, .pane, .top, .controls')) {
            const r = el.getBoundingClientRect();
            if (r.right > doc.clientWidth + 1) overflowing.push(el.className);
        }
        return {sideways, broken, overflowing, width: doc.scrollWidth};
    }""")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--veil", default=os.path.join(ROOT, ".build", "debug", "veil"))
    ap.add_argument("--shots", default=os.path.join(ROOT, "build", "review-browser"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    a = ap.parse_args()
    veil = os.path.abspath(a.veil)
    os.makedirs(a.shots, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="veil-review-test-")
    env = dict(os.environ)
    env[PASS_ENV] = "correct horse battery staple"
    key = os.path.join(tmp, "K")
    r = run(veil, "keygen", "-o", key, "--level", "interactive", "--passphrase-env", PASS_ENV, env=env)
    if not check(r.returncode == 0, "veil keygen made the editor's key"):
        print(r.stderr.decode())
        return 1
    env["KEY_PUB"] = key + ".pub"
    seed_before = open(SEED, "rb").read()

    # The reference: veil redact with the same (default) policy.
    ref_out, ref_vault = os.path.join(tmp, "ref.txt"), os.path.join(tmp, "ref.vault")
    r = run(veil, "redact", SEED, "--to", key + ".pub", "--output", ref_out, "--vault", ref_vault, env=env)
    check(r.returncode == 0, "veil redact wrote the reference output")
    reference = open(ref_out, "rb").read()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=a.chromium, headless=True, args=["--no-sandbox"])

        # --- Run A: security, layout, every change accepted ---------------------------------
        out_a, vault_a = os.path.join(tmp, "a.txt"), os.path.join(tmp, "a.vault")
        rv = Review(veil, out_a, vault_a, env)
        check(rv.url.startswith("http://127.0.0.1:") and len(rv.token) >= 32,
              "first line of standard output is the URL with a token (%s...)" % rv.url[:30])
        st, hd, body = rv.request("GET", "/")
        check(st == 403, "GET / without the token: 403 (got %d)" % st)
        st, _, _ = rv.request("GET", "/api/state")
        check(st == 403, "GET /api/state without the token: 403")
        st, _, _ = rv.request("GET", "/?token=" + rv.token, host="evil.example:%d" % rv.port)
        check(st == 403, "a foreign Host header (DNS rebinding): 403 (got %d)" % st)
        st, hd, body = rv.request("GET", "/?token=" + rv.token, host="localhost:%d" % rv.port)
        check(st == 200, "with the token and Host localhost:PORT: 200")
        csp = hd.get("content-security-policy", "")
        check("default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp,
              "strict Content-Security-Policy: " + csp)
        check(hd.get("x-content-type-options") == "nosniff" and hd.get("referrer-policy") == "no-referrer"
              and hd.get("cache-control") == "no-store", "nosniff, no-referrer, no-store")
        check(not any(k.startswith("access-control-") for k in hd), "no CORS header")
        st, _, _ = rv.request("GET", "/api/publish?token=" + rv.token)
        check(st == 405, "GET on the publish route: 405 (no state-changing GET)")
        bad = b'{"rejected": ["Hyesan'
        st, _, body = rv.request("POST", "/api/evaluate", body=bad,
                                 headers={"X-Veil-Token": rv.token, "Content-Type": "application/json"})
        check(st == 400 and b"Hyesan" not in body, "malformed JSON: 400, quoting nothing of it")

        page = browser.new_page(viewport={"width": 1280, "height": 900})
        console_errors = []
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        requests_elsewhere = []
        page.on("request", lambda req: requests_elsewhere.append(req.url)
                if not req.url.startswith("http://127.0.0.1:%d/" % rv.port) else None)
        page.goto(rv.url)
        page.wait_for_selector("#changes li.change")
        n_changes = page.locator("#changes li.change").count()
        n_marks = page.locator("#original .mark").count()
        check(n_changes >= 5 and n_marks >= n_changes, "the draft's findings are shown (%d changes, %d marks)" % (n_changes, n_marks))
        check(page.locator("#original a.mark.c-city, #original a.mark.c-neighborhood, #original a.mark.c-source").count() > 0,
              "findings are marked by category")
        check(page.locator("#sources li.source").count() >= 1, "each source is listed with its risk")
        check(page.locator("#published").inner_text().strip() == reference.decode().strip(),
              "the proposed published text beside the draft is veil redact's")
        check(page.get_by_role("button", name="Publish", exact=True).count() == 1, "a button named exactly Publish")
        missing = accessible_names_missing(page)
        check(not missing, "every control has an accessible name (missing: %s)" % missing)
        wide = layout_at(page, 1280, os.path.join(a.shots, "review-1280.png"))
        check(not wide["sideways"], "1280 px: no horizontal scrolling")
        narrow = layout_at(page, 390, os.path.join(a.shots, "review-390.png"))
        check(not narrow["sideways"] and not narrow["overflowing"], "390 px: no horizontal scrolling (%s)" % narrow)
        check(not narrow["broken"], "390 px: words are never broken inside (%s)" % narrow["broken"][:5])
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 800, "height": 1000})
        page.screenshot(path=os.path.join(a.shots, "review-print.png"), full_page=True)
        check(not page.locator("#publish").is_visible() and page.locator("#original").is_visible(),
              "print: the controls are hidden, the texts are printed")
        page.emulate_media(media="screen")
        page.set_viewport_size({"width": 1280, "height": 900})

        page.get_by_role("button", name="Publish", exact=True).click()
        page.wait_for_selector("#publication:not([hidden])")
        check(os.path.exists(out_a) and os.path.exists(vault_a), "Publish wrote OUT and VAULT")
        check(page.locator("#pub-output").inner_text() == out_a, "the page shows where OUT went")
        check(open(out_a, "rb").read() == reference, "every change accepted: OUT is byte-identical to veil redact")
        check(page.get_by_role("button", name="Publish", exact=True).is_disabled(), "Publish is disabled once published")
        page.screenshot(path=os.path.join(a.shots, "review-published-1280.png"), full_page=True)
        st, _, body = rv.request("POST", "/api/publish", body=b"{}",
                                 headers={"X-Veil-Token": rv.token, "Content-Type": "application/json"})
        check(st == 409, "a second Publish (another tab): 409 (got %d)" % st)
        check(open(out_a, "rb").read() == reference, "the second Publish changed nothing")
        check(not requests_elsewhere, "the page loaded nothing from elsewhere (%s)" % requests_elsewhere[:3])
        check(not console_errors, "no error in the browser console (%s)" % console_errors[:3])
        page.close()
        code, err = rv.stop()
        check(code == 0, "SIGINT stops the server: exit 0 (got %s)" % code)
        check("Hyesan" not in err and "Kangan" not in err, "nothing of the draft on standard error")
        r = run(veil, "reveal", vault_a, "--identity", key, "--passphrase-env", PASS_ENV, env=env)
        check(r.returncode == 0 and r.stdout == seed_before, "the vault reveals the draft with the editor's key")

        # --- Run B: keyboard only: reject one, reword one, add a term, publish ------------------
        out_b, vault_b = os.path.join(tmp, "b.txt"), os.path.join(tmp, "b.vault")
        rv = Review(veil, out_b, vault_b, env)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(rv.url)
        page.wait_for_selector("#changes li.change")
        # A change whose original is unique in the draft, to reject; another to reword.
        changes = page.evaluate("""() => [...document.querySelectorAll('#changes li.change')].map(li => ({
            id: li.id, original: li.querySelector('dd.orig').textContent,
            category: li.querySelector('.badge').textContent}))""")
        seed_text = seed_before.decode()
        rejectable = [c for c in changes if seed_text.count(c["original"]) == 1 and c["category"] != "source"]
        target = rejectable[0]
        editable = [c for c in changes if c["id"] != target["id"] and c["category"] != "source"
                    and page.locator("#edit-" + c["id"]).count() == 1]
        reword = editable[0]
        risk_before = page.locator("#risk-summary").inner_text()
        button = page.locator("#%s button[data-key='reject-%s']" % (target["id"], target["id"]))
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#%s.s-rejected" % target["id"])
        check(page.locator("#%s .status" % target["id"]).inner_text() == "rejected", "keyboard: one change rejected")
        check(target["original"] in page.locator("#published").inner_text(), "the rejected original stands in the proposed text")
        risk_after = page.locator("#risk-summary").inner_text()
        check(risk_after != risk_before, "the risk is recomputed on a decision (%s -> %s)" % (risk_before, risk_after))
        field = page.locator("#edit-" + reword["id"])
        field.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("somewhere the editor chose")
        page.keyboard.press("Enter")
        page.wait_for_selector("#%s.s-edited" % reword["id"])
        check("somewhere the editor chose" in page.locator("#published").inner_text(), "keyboard: one change reworded")
        term = page.get_by_label("Add a term to redact everywhere", exact=True)
        term.focus()
        page.keyboard.type("Daily NK")
        page.keyboard.press("Enter")
        page.wait_for_selector("#terms .term")
        check("Daily NK" not in page.locator("#published").inner_text(), "an added term is redacted everywhere")
        select = page.get_by_label("Policy", exact=True)
        select.select_option("strict")
        page.wait_for_function("() => document.querySelector('#policy').value === 'strict'")
        page.wait_for_timeout(300)
        select.select_option("standard")
        page.wait_for_function("() => document.querySelector('#policy').value === 'standard'")
        page.wait_for_timeout(300)
        check(page.locator("#%s.s-rejected" % target["id"]).count() == 1, "decisions survive switching the policy and back")
        page.screenshot(path=os.path.join(a.shots, "review-decisions-390.png"), full_page=True)
        publish = page.get_by_role("button", name="Publish", exact=True)
        publish.focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#publication:not([hidden])")
        published = open(out_b, "rb").read().decode()
        check(target["original"] in published and "somewhere the editor chose" in published and "Daily NK" not in published,
              "OUT holds the kept original and the editor's wording, not the term")
        r = run(veil, "reveal", vault_b, "--identity", key, "--passphrase-env", PASS_ENV, env=env)
        check(r.returncode == 0 and r.stdout == seed_before, "VAULT reveals the draft with the editor's key")
        r = run(veil, "reveal", vault_b, "--identity", key, "--passphrase-env", PASS_ENV, "--list", env=env)
        lines = [l for l in r.stdout.decode().splitlines() if l.startswith("@decisions\t")]
        ok = len(lines) == 1
        if ok:
            record = json.loads(lines[0].split("\t", 1)[1].replace("\\\\", "\\"))
            by_id = {c["id"]: c for c in record["changes"]}
            ok = (by_id.get(target["id"], {}).get("decision") == "rejected"
                  and by_id.get(reword["id"], {}).get("decision") == "edited" and record["terms"] == ["Daily NK"])
        check(ok, "reveal --list shows the sealed decisions (rejected, edited, the term)")
        page.close()
        code, _ = rv.stop()
        check(code == 0, "server stopped")
        browser.close()

    # --- Ctrl-C before Publish leaves nothing; a port in use is exit 2 ------------------------
    out_c, vault_c = os.path.join(tmp, "c.txt"), os.path.join(tmp, "c.vault")
    before = set(os.listdir(tmp))
    rv = Review(veil, out_c, vault_c, env)
    st, _, _ = rv.request("GET", "/api/state?token=" + rv.token)
    code, err = rv.stop()
    check(code == 0 and set(os.listdir(tmp)) == before, "Ctrl-C before Publish: exit 0, no file left behind")
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    busy = holder.getsockname()[1]
    r = run(veil, "review", SEED, "--to", key + ".pub", "--output", out_c, "--vault", vault_c, "--no-open",
            "--port", str(busy), env=env, timeout=60)
    holder.close()
    check(r.returncode == 2 and b"in use" in r.stderr and r.stdout == b"", "a port in use: exit 2, a clear message")
    check(open(SEED, "rb").read() == seed_before, "the draft is unmodified")
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
