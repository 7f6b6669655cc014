"""Files kept with steering work: a completed task's evidence, an inspection team's report."""

from django.core.files.uploadedfile import UploadedFile

from ansinh.audit.services import record
from ansinh.followups.models import Attachment
from ansinh.followups.services.errors import FollowupError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png", ".txt")


def store_attachment(upload: UploadedFile, *, actor) -> Attachment:
    """Keep an uploaded document; refuses what is empty, too large, or not a document or a picture."""
    name = (upload.name or "").rsplit("/", 1)[-1][:255]
    size = upload.size or 0
    if size == 0:
        raise FollowupError("Tệp đính kèm trống.", code="empty_file")
    if size > MAX_ATTACHMENT_BYTES:
        raise FollowupError("Tệp đính kèm quá lớn (tối đa 10 MB).", code="file_too_large")
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise FollowupError("Chỉ đính kèm văn bản hoặc ảnh: " + ", ".join(ALLOWED_EXTENSIONS) + ".", code="file_type")
    attachment = Attachment.objects.create(
        filename=name,
        content_type=upload.content_type or "application/octet-stream",
        content=upload.read(),
        size=size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor=actor, action="attachment.upload", obj=attachment, summary=f"Tải lên {name}", after={"size": size})
    return attachment
