"""--mask-pii: no ID-card or mobile number, and no full name of a 责任人, survives in any
output file of a job (summary.json, rejects.csv, every XLSX part, every PDF's text)."""
import glob
import os
import subprocess
import tempfile
import unittest
import zipfile

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
ID, ID_MASKED = "370102198001011234", "370102********1234"
PHONE, PHONE_MASKED = "13912345678", "139****5678"
CSV = (
    "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,责任人,排查日期,完成时限,化解状态,备注\n"
    f"1,华信路社区,重点人员,重点人员稳控,当事人身份证{ID}，电话{PHONE},高,综治中心,张建国,2024-05-02,2024-05-10,未化解,联系{PHONE}\n"
    f"2,华信路社区,社会矛盾,欠薪纠纷,涉及{ID},中,劳动保障中心,欧阳娜娜,2024-05-03,,已化解,\n"
    f"3,华信路社区,外星入侵,退回的行,身份证{ID},高,综治中心,李四,2024-05-03,,未化解,{PHONE}\n"
)


def output_texts(out):
    for path in glob.glob(os.path.join(out, "**", "*"), recursive=True):
        if path.endswith((".json", ".csv")):
            with open(path, encoding="utf-8-sig") as f:
                yield path, f.read()
        elif path.endswith(".xlsx"):
            with zipfile.ZipFile(path) as z:
                yield path, "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.endswith(".pdf"):
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                                  text=True, check=True).stdout
            yield path, text.replace("\n", "").replace(" ", "")


class MaskPii(unittest.TestCase):
    def run_job(self, *extra):
        tmp = tempfile.mkdtemp()
        with open(os.path.join(tmp, "华信路社区.csv"), "w", encoding="utf-8") as f:
            f.write(CSV)
        out = os.path.join(tmp, "out")
        p = subprocess.run([RISKDOC, "monthly", "--config", CONFIG, "--period", "2024-05", "-o", out,
                            *extra, tmp], capture_output=True, text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        return out

    def test_every_output_is_masked(self):
        out = self.run_job("--mask-pii")
        texts = list(output_texts(out))
        self.assertTrue(any(p.endswith(".xlsx") for p, _ in texts), "the job wrote no XLSX")
        joined = "".join(t for _, t in texts)
        for path, text in texts:
            for secret in (ID, PHONE, "张建国", "欧阳娜娜"):
                self.assertNotIn(secret, text, "%s leaks %s" % (path, secret))
        self.assertIn(PHONE_MASKED, joined)
        self.assertIn(ID_MASKED, joined)
        self.assertIn("张**", joined)

    def test_without_the_option_nothing_is_masked(self):
        # proves the test above can fail: the same data unmasked does contain the numbers
        out = self.run_job()
        joined = "".join(t for _, t in output_texts(out))
        self.assertIn(ID, joined)
        self.assertIn(PHONE, joined)


if __name__ == "__main__":
    unittest.main(verbosity=2)
