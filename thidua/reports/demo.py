"""Demo review: the block's mid-year review (sơ kết) with what the block's standing agency wrote."""

from django.contrib.auth import get_user_model

from . import services
from .models import Review


def build(block, this_year: int) -> None:
    admin = get_user_model().objects.get(username="admin")
    services.save_review(
        actor=admin, review=Review(kind="mid", year=this_year, block=block),
        achievements="Các cơ quan trong Khối ký kết giao ước thi đua, triển khai đồng bộ các phong trào; nhiều mô hình "
                     "chuyển đổi số được nhân rộng.",
        limitations="Một số cơ quan chậm báo cáo kết quả; việc chấm điểm chéo còn chênh lệch giữa các thành viên.",
        next_steps="Hoàn thành chấm điểm chéo trước ngày 15/12; tổ chức hội nghị tổng kết và bình xét Cờ thi đua.")
