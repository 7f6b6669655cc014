import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0010_indicator_bounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="decimals",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Để trống: số nguyên với chỉ tiêu đếm người, hộ, lượt; 2 chữ số thập phân với chỉ tiêu khác.",
                null=True,
                validators=[django.core.validators.MaxValueValidator(6)],
                verbose_name="số chữ số thập phân khi hiển thị",
            ),
        ),
    ]
