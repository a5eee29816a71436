from django.core.management.base import BaseCommand

from thidua.accounts.demo import DEMO_TOTP_SECRET
from thidua.demo.builder import DEMO_PASSWORD, build
from thidua.organization.models import Agency


class Command(BaseCommand):
    help = "Load the deterministic demo data (an NA-Office-like agency and the 14-agency Party block)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing when agencies already exist")
        parser.add_argument("--small", action="store_true", help="a small population (tests and quick looks)")

    def handle(self, *args, **options):
        if Agency.objects.exists():
            if options["if_empty"]:
                self.stdout.write("demo data already loaded")
                return
            self.stderr.write("the database already has agencies; use a fresh database")
            raise SystemExit(1)
        build(small=options["small"])
        self.stdout.write("demo data loaded; accounts admin, quantri, thidua, lanhdao, hoidong, thuky, nhanvien, "
                          f"thanhtra, chutich, uyvien1-3, sangkien1-2 with password {DEMO_PASSWORD}")
        self.stdout.write("accounts with a role that requires two-factor sign-in share the one-time-code secret "
                          f"{DEMO_TOTP_SECRET}: add it to an authenticator app, or run `oathtool --totp -b "
                          f"{DEMO_TOTP_SECRET}`")
