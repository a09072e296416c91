"""The README: its two set-up commands are the ones CI and the fresh-machine check run; it has a Thai
part for clerks and an English part for developers; its images and links exist."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
CLERKS_HEADING = "## ส่วนสำหรับเจ้าหน้าที่"
DEVELOPERS_HEADING = "## For developers"


def _fresh_machine():
    spec = importlib.util.spec_from_file_location("fresh_machine", REPO / "tools" / "fresh_machine.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fresh_machine", module)
    spec.loader.exec_module(module)
    return module


fresh_machine = _fresh_machine()


def readme() -> str:
    return README.read_text(encoding="utf-8")


def commands() -> list[str]:
    return fresh_machine.readme_commands(readme())


def test_two_setup_commands_and_ci_runs_the_test_one():
    cmds = commands()
    assert len(cmds) == 2, cmds
    run, test = cmds
    assert "ita-desktop" in run and "requirements.lock" in run
    assert "pytest" in test
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_lock_files_pin_every_dependency():
    for name in ("requirements.lock", "requirements-dev.lock"):
        lines = [l for l in (REPO / name).read_text().splitlines() if l and not l.startswith((" ", "#", "-e"))]
        assert lines and all(re.match(r"^[A-Za-z0-9_.\-\[\],]+==[\w.]+", l) for l in lines), name


# -- the two parts -------------------------------------------------------------------------------
def _part(text: str, heading: str) -> str:
    """The text from ``heading`` (a level-2 heading line) to the next level-2 heading."""
    lines = text.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start + 1:end])


def _prose(part: str) -> str:
    """The part without code blocks, inline code, link targets and image/link texts' URLs."""
    part = re.sub(r"```.*?```", " ", part, flags=re.S)
    part = re.sub(r"`[^`]*`", " ", part)
    return re.sub(r"\]\([^)]*\)", "]", part)


def _thai_share(text: str) -> float:
    """Thai letters among all letters (0–1)."""
    thai = sum(1 for c in text if "\u0e01" <= c <= "\u0e5b")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    return thai / max(1, thai + latin)


def test_readme_has_a_thai_part_for_clerks_and_an_english_part_for_developers():
    text = readme()
    clerks, developers = _part(text, CLERKS_HEADING), _part(text, DEVELOPERS_HEADING)
    assert text.index(CLERKS_HEADING) < text.index(DEVELOPERS_HEADING)
    # the clerks' part is written in Thai (the English labels in parentheses are a small share) …
    assert _thai_share(_prose(clerks)) > 0.7
    for topic in ("### การติดตั้ง", "### เริ่มใช้งานครั้งแรก", "### ข้อมูลเก็บไว้ที่ไหน", "### การสำรองข้อมูล",
                  "### เมื่อมีปัญหา"):
        assert topic in clerks, topic
    for what in ("setup.exe", "ita-desktop.exe", r"%APPDATA%\ITA Desktop\ITA Desktop", "F7", "ชุดเอกสารเผยแพร่"):
        assert what in clerks, what
    # … the developers' part in English (Thai only in examples and column names)
    assert _thai_share(_prose(developers)) < 0.2
    for topic in ("### Set up", "### Commands", "### Where data lives", "### Building the bundle",
                  "### Architecture"):
        assert topic in developers, topic
    for what in ("tools/build_bundle.py", "packaging/windows/BUILD.md", "ITA_DESKTOP_QUIT_AFTER",
                 "tools/fresh_machine.py", "ITA_DESKTOP_DATA_DIR"):
        assert what in developers, what
    # both set-up commands are in the developers' part
    assert all(command in developers for command in commands())


def test_thai_share_tells_thai_from_english():
    assert _thai_share("ข้อมูลทั้งหมดอยู่ในโฟลเดอร์เดียว") == 1
    assert _thai_share("Every change is saved by itself") == 0


# -- images and links ----------------------------------------------------------------------------
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def local_targets(text: str) -> list[str]:
    """The relative targets of the Markdown links and images in ``text`` (no URLs, no #anchors)."""
    out = []
    for target in LINK.findall(_drop_code(text)):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
            continue
        out.append(unquote(target.split("#", 1)[0]))
    return out


def _drop_code(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    return re.sub(r"`[^`]*`", " ", text)


def test_every_image_and_relative_link_in_the_readme_exists():
    targets = local_targets(readme())
    assert "docs/screenshot.png" in targets
    missing = [t for t in targets if not (REPO / t).exists()]
    assert not missing, f"README links to files that are not in the repository: {missing}"
    images = [t for t in targets if t.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".svg"))]
    assert 4 <= len(images) <= 8, images
    for image in images:
        assert (REPO / image).stat().st_size <= 200_000, f"{image} is too big for the README"


def test_link_finder_sees_images_links_and_skips_urls_and_anchors():
    text = ("![a](docs/a.png) [b](RELIABILITY.md#x) [c](https://example.org) [d](#top) "
            "`[e](not/a/link.md)` [f](docs/%E0%B8%81.md)")
    assert local_targets(text) == ["docs/a.png", "RELIABILITY.md", "docs/ก.md"]


# -- the fresh-machine check -----------------------------------------------------------------------
def test_fresh_machine_check_runs_the_readmes_two_commands_parsed_not_copied():
    run, test = commands()
    steps = fresh_machine.steps(readme())
    assert [s.command for s in steps] == [run, test]
    # command 1 opens the window offscreen and has it close itself; command 2 runs as written
    assert steps[0].extra_env == {"QT_QPA_PLATFORM": "offscreen", "ITA_DESKTOP_QUIT_AFTER": "5"}
    assert steps[1].extra_env == {}
    # the script reads the commands from the README: a changed README changes what it runs …
    changed = readme().replace(test, test + " -x")
    assert fresh_machine.steps(changed)[1].command == test + " -x"
    # … and it holds no copy of them
    source = (REPO / "tools" / "fresh_machine.py").read_text(encoding="utf-8")
    assert run not in source and test not in source
    with pytest.raises(ValueError):
        fresh_machine.steps(readme().replace("**2. ", "**Two. "))


def test_fresh_machine_environment_lets_nothing_of_the_callers_through(tmp_path, monkeypatch):
    for name, value in (("ITA_DESKTOP_DATA_DIR", "/somewhere"), ("VIRTUAL_ENV", "/venv"),
                        ("PIP_INDEX_URL", "https://mirror.invalid/simple"), ("PYTHONPATH", "/src")):
        monkeypatch.setenv(name, value)
    env = fresh_machine.clean_env(tmp_path)
    assert set(env) == {"PATH", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TMPDIR", "LANG",
                        "PIP_NO_CACHE_DIR"}
    assert env["LANG"] == "C.UTF-8" and env["PIP_NO_CACHE_DIR"] == "1"
    assert all(Path(env[k]).is_dir() and Path(env[k]).is_relative_to(tmp_path)
               for k in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TMPDIR"))
    assert not any(part.endswith(("/.venv/bin", "/shims")) for part in env["PATH"].split(":"))
    # the program's default data folder is inside the fresh HOME
    assert fresh_machine.default_data_dir(env) == tmp_path / "home" / ".local" / "share" / "ITA Desktop" / "ITA Desktop"
    # … and it is the one the program uses there
    found = subprocess.run([sys.executable, "-c", "from ita_desktop.app import default_data_dir; "
                            "print(default_data_dir())"], cwd=REPO, env=env, capture_output=True, text=True,
                           check=True)
    assert Path(found.stdout.strip()) == fresh_machine.default_data_dir(env)
    cached = fresh_machine.clean_env(tmp_path, use_cache=True)
    assert "PIP_NO_CACHE_DIR" not in cached and "PIP_CACHE_DIR" in cached


def test_fresh_machine_reads_pytests_summary_line():
    output = "tests/test_a.py ....\n\n========= 873 passed, 2 skipped in 241.50s (0:04:01) =========\n"
    assert fresh_machine.pytest_summary(output) == "873 passed, 2 skipped in 241.50s (0:04:01)"
    assert fresh_machine.pytest_summary("ERROR: could not install\n") is None


# -- the README names the window's menus as the window shows them -----------------------------------
MENU_PATH = re.compile(r"\*\*([^*→]+(?: → [^*→]+)+)\*\*")


def _label(text: str) -> str:
    """A menu item's text as a reader sees it: "ตั้งค่า… (&S)" → "ตั้งค่า…", "&Settings…" → "Settings…"."""
    return re.sub(r"\s*\(&.\)", "", text).replace("&", "").strip()


def _menu_paths(window) -> set[str]:
    paths = set()

    def walk(menu, prefix):
        for action in menu.actions():
            if action.isSeparator():
                continue
            path = f"{prefix} → {_label(action.text())}"
            paths.add(path)
            if action.menu():
                walk(action.menu(), path)

    for top in window.menuBar().actions():
        walk(top.menu(), _label(top.text()))
    return paths


def readme_menu_paths(text: str, tops: set[str]) -> list[str]:
    """The bold "Menu → Item" paths in ``text`` that start at one of the window's menus ``tops``."""
    return [p for p in MENU_PATH.findall(text) if p.split(" → ")[0] in tops]


@pytest.mark.usefixtures("thai_font")
def test_readmes_menu_paths_are_the_windows_menus_in_thai_and_english(qtbot, store, settings, language):
    from ita_desktop.gui.main_window import MainWindow

    window = MainWindow(store, settings=settings, language=language)
    qtbot.addWidget(window)
    text = readme()
    for heading, lang in ((CLERKS_HEADING, "th"), (DEVELOPERS_HEADING, "en")):
        language.apply(lang)
        qtbot.waitUntil(lambda: _label(window.menuBar().actions()[0].text()) == ("แฟ้ม" if lang == "th" else "File"))
        paths = _menu_paths(window)
        tops = {_label(a.text()) for a in window.menuBar().actions()}
        named = readme_menu_paths(_part(text, heading), tops)
        assert len(named) >= 8, named
        unknown = [p for p in named if p not in paths]
        assert not unknown, f"the README names menu items the window ({lang}) does not have: {unknown}"


def test_menu_path_finder():
    text = "**แฟ้ม → สำเนาสำรอง…** **File → Export PDF → Memo…** **ไม่ใช่เมนู → อื่น** **ตัวหนา**"
    assert readme_menu_paths(text, {"แฟ้ม", "File"}) == ["แฟ้ม → สำเนาสำรอง…", "File → Export PDF → Memo…"]
    assert _label("ตัวช่วยจัดทำข้อมูลประจำปี… (&Y)") == "ตัวช่วยจัดทำข้อมูลประจำปี…"
    assert _label("Check the &record of changes") == "Check the record of changes"
