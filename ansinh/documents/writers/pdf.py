"""PDF from the same .docx, by LibreOffice headless (Debian's ``libreoffice-writer-nogui``, installed by the set-up):
one layout, so the PDF says exactly what the DOCX says. Each conversion runs in a temporary directory with its own
LibreOffice profile (two conversions at once do not share a lock), within a time limit; on any failure nothing is
returned but a Vietnamese message — never a half-written file."""

import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERTERS = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 120


class ConverterError(RuntimeError):
    """The PDF could not be made; the message says why, in Vietnamese, fit to show."""


def converter_path() -> str | None:
    for name in CONVERTERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(content: bytes) -> bytes:
    program = converter_path()
    if program is None:
        raise ConverterError(
            "Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF (cần gói Debian "
            "“libreoffice-writer-nogui”; “make run” tự cài khi có quyền quản trị). Tệp DOCX vẫn tải được."
        )
    with tempfile.TemporaryDirectory(prefix="ansinh-pdf-") as work:
        folder = Path(work)
        source = folder / "van-ban.docx"
        source.write_bytes(content)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            # The command is ours: the converter found on PATH and files in our own temporary directory.
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, cwd=folder)  # noqa: S603
        except subprocess.TimeoutExpired as error:
            raise ConverterError(f"Chuyển sang PDF quá {TIMEOUT_SECONDS} giây nên đã dừng; thử lại sau.") from error
        except OSError as error:
            raise ConverterError(f"Không chạy được LibreOffice để tạo PDF ({error.strerror}).") from error
        result = folder / "out" / "van-ban.pdf"
        data = result.read_bytes() if result.exists() else b""
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
        raise ConverterError("LibreOffice không tạo được tệp PDF hoàn chỉnh; thử lại hoặc tải bản DOCX.")
    return data
