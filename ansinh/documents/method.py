"""How every status and outlook is decided, in the words the dashboard's legend and the public page show beside
their colours (Open SDG explains each status next to its chart). The rules themselves are in ``rules.verdicts`` and
``rules.outlook`` (docs/rules.md); these sentences restate them for a reader."""

from decimal import Decimal

from ansinh.core.numbers import format_percent
from ansinh.programs.models import Program
from ansinh.rules.outlook import OUTLOOK_LABELS, OutlookCode
from ansinh.rules.verdicts import Status

STATUS_METHODS = {
    Status.EXCEEDED: "Số liệu tốt hơn mục tiêu của năm quá mức dung sai {tolerance} giá trị mục tiêu (mục tiêu "
    "không thể vượt như 100% hoặc chỉ tiêu giữ trong khoảng thì tối đa là “đạt”).",
    Status.ACHIEVED: "Số liệu đạt mục tiêu của năm theo đúng phép so sánh của mục tiêu (dưới, không quá, tối thiểu, "
    "khoảng ±{tolerance}, trong khoảng).",
    Status.NOT_ACHIEVED: "Số liệu chưa đạt mục tiêu của năm.",
    Status.NOT_IMPLEMENTED: "Đơn vị báo cáo chưa triển khai thực hiện chỉ tiêu.",
    Status.NO_DATA: "Chưa có số liệu đã duyệt cho năm này, và Ban Chỉ đạo chưa công bố kết quả.",
    Status.NOT_ASSESSED: "Ban Chỉ đạo quyết định không đánh giá chỉ tiêu (không tính vào mẫu số).",
    Status.ON_PATH: "Năm không có mục tiêu riêng: số liệu đạt giá trị của lộ trình tuyến tính từ giá trị năm gốc đến "
    "mục tiêu cuối kỳ trong năm đó, hoặc đã đạt mục tiêu cuối kỳ.",
    Status.BEHIND_PATH: "Năm không có mục tiêu riêng: số liệu chưa đạt giá trị của lộ trình trong năm đó (không phải "
    "“chưa đạt” mục tiêu cuối kỳ còn nhiều năm nữa mới đến hạn).",
}
DECLARED_METHOD = (
    "Kết quả ghi “công bố” (viền đứt nét): Ban Chỉ đạo công bố kết quả mà không kèm số liệu để tính; ansinh trích "
    "nguyên văn kèm nguồn. Khi có số liệu, kết quả tính từ số liệu được dùng và kết quả công bố ghi bên cạnh."
)
TARGET_METHOD = (
    "Mục tiêu áp dụng: mục tiêu của chính năm đó; nếu năm đó không có, lộ trình tuyến tính từ giá trị năm gốc đến mục "
    "tiêu cuối kỳ gần nhất (đúng lộ trình / chậm so với lộ trình). Chỉ tiêu có/không "
    "và chỉ tiêu định tính do người đánh giá kèm minh chứng, máy không tự đánh giá."
)
OUTLOOK_METHODS = {
    OutlookCode.TARGET_ACHIEVED: "Số liệu mới nhất đã đạt mục tiêu cuối kỳ.",
    OutlookCode.ON_TRACK: "Tốc độ tăng (giảm) bình quân năm thực tế đạt từ 95% tốc độ cần thiết để đạt mục tiêu.",
    OutlookCode.ACCELERATION_NEEDED: "Tốc độ thực tế từ 60% đến dưới 95% tốc độ cần thiết.",
    OutlookCode.LIMITED_PROGRESS: "Có tiến bộ nhưng dưới 60% tốc độ cần thiết.",
    OutlookCode.DETERIORATION: "Số liệu đi ngược chiều mong muốn.",
    OutlookCode.STAGNATION: "Theo phương pháp UNSD: giá trị dự báo cuối kỳ đạt dưới 10% quãng đường đến mục tiêu.",
    OutlookCode.INSUFFICIENT_DATA: "Chưa đủ hai năm số liệu, hoặc chưa có mục tiêu cuối kỳ.",
}
OUTLOOK_SOURCE = (
    "Phương pháp Open SDG / Thống kê Canada (tốc độ tăng bình quân năm thực tế so với tốc độ cần thiết); chương "
    "trình có thể chọn phương pháp ngoại suy của Cơ quan Thống kê Liên Hợp Quốc."
)
TREND_METHOD = (
    "Mũi tên so sánh số liệu với năm trước: ▲ tăng, ▼ giảm, ▶ không đổi; màu xanh khi thay đổi theo chiều mong muốn "
    "của chỉ tiêu, màu đỏ khi ngược lại; chỉ tiêu giữ trong khoảng chỉ ghi chiều thay đổi."
)


def status_methods(program: Program) -> list[tuple[Status, str]]:
    tolerance = format_percent(Decimal(program.approx_tolerance) * 100)
    return [(status, text.format(tolerance=tolerance)) for status, text in STATUS_METHODS.items()]


def outlook_methods() -> list[tuple[OutlookCode, str, str]]:
    return [(code, OUTLOOK_LABELS[code], text) for code, text in OUTLOOK_METHODS.items()]
