"""Interest questionnaires: headers, codes per row for the traps, duplicates, identity, accounting."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

from jejak_analysis.errors import UnknownTableError
from jejak_analysis.identity import pseudonym
from jejak_analysis.mapping import Corrections
from jejak_analysis.questionnaire import (
    RESPONDENT_COLUMNS,
    RESPONSE_COLUMNS,
    accounting_by_file,
    answer_counts,
    column_roles,
    is_questionnaire,
    map_choices,
    map_single,
    map_statuses,
    read_questionnaire,
    read_questionnaires,
    split_choices,
)
from jejak_analysis.read import read_table

KEY = b"k" * 32
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "raw" / "contoh"

FORM = ["Stempel waktu", "Alamat email", "Nama Lengkap", "NIK", "Jenis Kelamin", "Tanggal Lahir", "Nomor HP/WA",
        "Asal Sekolah", "Jurusan", "Kabupaten/Kota Domisili", "Status saat ini", "Tahun Lulus",
        "Apakah Anda berminat bekerja di luar negeri?", "Negara tujuan yang diminati",
        "Program penempatan yang diminati", "Bidang pekerjaan yang diminati", "Kemampuan bahasa Jepang",
        "Bersedia mengikuti pelatihan bahasa Jepang?", "Apakah orang tua mengizinkan?",
        "Dari mana Anda mengetahui informasi ini?"]
NIK_SITI = "6171015507030001"  # woman born 15-07-2003


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def form_row(**answers: str) -> list[str]:
    """One Google Forms row: every answer blank unless given (keys are the headers' first words)."""
    row = dict.fromkeys(FORM, "")
    for short, value in answers.items():
        header = next(h for h in FORM if h.lower().replace(" ", "_").startswith(short))
        row[header] = value
    return [row[h] for h in FORM]


def codes(result, columns: list[str]) -> pd.DataFrame:
    return result.responses[columns]


# --------------------------------------------------------------------------------------------
# Headers


def test_headers_are_recognised_in_indonesian_english_and_hand_made_sheets():
    headers = ["Stempel waktu", "Timestamp", "Email Address", "Nama Siswa", "Asal Sekolah", "Minat Negara",
               "Tempat, Tgl Lahir", "No.", "Apakah Anda sudah memiliki paspor?", "Warna favorit"]
    assert column_roles(headers) == {
        "Stempel waktu": "submitted_at", "Timestamp": "submitted_at", "Email Address": "email", "Nama Siswa": "nama",
        "Asal Sekolah": "asal_sekolah", "Minat Negara": "negara", "Tempat, Tgl Lahir": "tanggal_lahir",
        "No.": "abaikan", "Apakah Anda sudah memiliki paspor?": "abaikan"}


def test_a_questionnaire_is_told_from_a_school_list_by_its_headers(tmp_path):
    form = read_table(write_csv(tmp_path / "form.csv", FORM, [form_row(stempel="07/07/2020 10:00:00")]))[0]
    school = read_table(write_csv(tmp_path / "sekolah.csv", ["No", "Nama Sekolah", "NPSN", "Kab/Kota", "Status",
                                                              "Jurusan", "Jumlah Lulusan 2020"],
                                  [["1", "SMK Kesehatan Bina Dharma", "30105195", "Pontianak", "Swasta",
                                    "Farmasi", "60"]]))[0]
    assert is_questionnaire(form)
    assert not is_questionnaire(school)


def test_a_file_that_is_no_questionnaire_is_refused_with_its_columns(tmp_path):
    path = write_csv(tmp_path / "sekolah.csv", ["Nama Sekolah", "NPSN", "Jumlah Lulusan 2020"],
                     [["SMK Kesehatan Bina Dharma", "30105195", "60"]])
    with pytest.raises(UnknownTableError, match="Nama Sekolah, NPSN"):
        read_questionnaire(path, key=KEY)


# --------------------------------------------------------------------------------------------
# Answers → codes


def test_checkbox_answers_are_split_by_the_known_options_not_blindly_at_commas():
    def known(text):
        return text.casefold() in {"perawat lansia (careworker, kaigo)", "perawat rumah sakit", "jepang"}

    assert split_choices("Perawat lansia (careworker, kaigo), Perawat rumah sakit", known) == [
        "Perawat lansia (careworker, kaigo)", "Perawat rumah sakit"]
    assert split_choices("Jepang;Perawat rumah sakit;", known) == ["Jepang", "Perawat rumah sakit"]
    assert split_choices("Apotek / farmasi", known) == ["Apotek / farmasi"]  # a typed "other" stays whole


def test_each_mapped_value_points_to_the_row_it_was_first_seen_in_whatever_the_row_order():
    values = pd.Series(["Ya", "Tidak", "Iya", "Ya"], index=[5, 6, 7, 8])
    provenance = pd.DataFrame({"source_file": "f.csv", "source_sheet": "csv", "source_row": [8, 7, 6, 5]},
                              index=[8, 7, 6, 5])  # the same rows, listed the other way round
    _, mapped = map_single(values, "jawaban", provenance=provenance)
    assert mapped.set_index("teks_asli")["source_row"].to_dict() == {"Ya": 5, "Tidak": 6, "Iya": 7}


def test_checkbox_codes_are_sorted_sets_no_choice_is_empty_and_unknown_is_missing():
    values = pd.Series(["Jepang, Korea Selatan", "Korsel;Jepang", "-", "belum tahu", "Jepang, belum tahu",
                        "Jepan, JPN", "Wakanda", "Jerman", None], index=range(10, 19))
    result, mapped = map_choices(values, "negara")
    expected = pd.Series(["JP|KR", "JP|KR", "", "", "JP", "JP", pd.NA, "DE", pd.NA], index=range(10, 19),
                         dtype="string", name="teks")
    assert_series_equal(result, expected)
    assert mapped.set_index("teks_asli").loc[["Jepang", "Jepan", "Wakanda"], ["kode", "metode", "jumlah"]] \
        .to_dict("index") == {"Jepang": {"kode": "JP", "metode": "exact", "jumlah": 3},
                              "Jepan": {"kode": "JP", "metode": "fuzzy", "jumlah": 1},
                              "Wakanda": {"kode": None, "metode": "unmapped", "jumlah": 1}}


def test_a_form_option_holding_a_comma_is_one_sector_not_a_nurse():
    result, _ = map_choices(pd.Series(["Perawat lansia (careworker, kaigo)",
                                       "Perawat lansia (careworker, kaigo), Perawat rumah sakit",
                                       "Pabrik / manufaktur, Apotek / farmasi"]), "sektor")
    assert result.tolist() == ["CAREWORKER", "CAREWORKER|PERAWAT", "MANUFAKTUR"]


def test_the_analysts_correction_comes_before_the_form_options():
    corrections = Corrections(((("sektor", "apotek farmasi"), "LAINNYA"),))
    result, mapped = map_choices(pd.Series(["Apotek / farmasi"]), "sektor", corrections)
    assert result.tolist() == ["LAINNYA"]
    assert mapped["metode"].tolist() == ["correction"]


def test_education_status_grades_alumni_years_and_form_options():
    values = pd.Series(["XII", "Kls XI", "XII Keperawatan", "Alumni 2019", "alumni 2018",
                        "Sudah lulus, sudah bekerja", "Mahasiswa", "2017", "Berhenti sekolah", "entah", None])
    status, year, _ = map_statuses(values)
    assert status.tolist() == ["SISWA", "SISWA", "SISWA", "LULUS", "LULUS", "LULUS", "MAHASISWA", "LULUS",
                               "LAINNYA", pd.NA, pd.NA]
    assert year.tolist() == [pd.NA, pd.NA, pd.NA, 2019, 2018, pd.NA, pd.NA, 2017, pd.NA, pd.NA, pd.NA]


# --------------------------------------------------------------------------------------------
# A Google Forms export, Indonesian: exact codes per row


@pytest.fixture
def google_csv(tmp_path) -> Path:
    rows = [
        form_row(stempel="07/08/2020 10:23:45", alamat="siti@gmail.example", nama="Siti Aisyah", nik=NIK_SITI,
                 jenis="Perempuan", tanggal="15/07/2003", nomor="0812-3456-7890", asal="SMK Kes Bina Dharma",
                 jurusan="Asisten Keperawatan", kabupaten="Kab. Pontianak", status="Siswa SMK", tahun="2021",
                 apakah_anda_berminat="iya", negara="Jepang, Korea Selatan",
                 program="SSW / Tokutei Ginou (Jepang)",
                 bidang="Perawat lansia (careworker, kaigo), Perawat rumah sakit",
                 kemampuan="Sedikit-sedikit (belajar sendiri)", bersedia="YA ", apakah_orang="Belum ditanyakan",
                 dari="Guru / pihak sekolah, Instagram"),
        form_row(stempel="25/08/2020 11:00:00", nama="BUDI SANTOSO", jenis="Laki-laki", tanggal="7 Juli 2003",
                 nomor="+62 857 1111 2222", jurusan="TKJ", kabupaten="Sungai Raya",
                 status="Sudah lulus, sudah bekerja", tahun="Thn 2019", apakah_anda_berminat="tdk", negara="-",
                 program="Belum tahu", kemampuan="Belum bisa", bersedia="ragu-ragu", apakah_orang="Tidak",
                 dari="Teman / kakak kelas"),
        form_row(stempel="26/08/2020 09:00:00"),  # only a timestamp: nothing to use
        form_row(stempel="27/08/2020 09:00:00", nama="siti aisyah ", jenis="P", tanggal="37817",
                 apakah_anda_berminat="belum tahu", negara="Jepan, JPN, Korsel", bidang="Apotek / farmasi",
                 kemampuan="JLPT N5", bersedia="Mungkin", apakah_orang="Ya"),
    ]
    return write_csv(tmp_path / "kuesioner.csv", FORM, rows)


ANSWER_CODES = ["source_row", "jenis_kelamin", "tanggal_lahir", "umur", "kab_kota_kode", "jurusan_kode",
                "status_pendidikan", "tahun_lulus", "minat_luar_negeri", "negara", "program_kode", "sektor_kode",
                "bahasa_jepang", "bersedia_pelatihan", "izin_orang_tua", "sumber_informasi"]


def test_google_forms_export_answers_become_codes_row_by_row(google_csv):
    result = read_questionnaire(google_csv, key=KEY)
    expected = pd.DataFrame({
        "source_row": [2, 3, 5],
        "jenis_kelamin": ["P", "L", "P"],
        "tanggal_lahir": pd.to_datetime(["2003-07-15", "2003-07-07", "2003-07-15"]).astype("datetime64[ns]"),
        "umur": pd.array([17, 17, 17], dtype="Int64"),
        "kab_kota_kode": ["61.02", pd.NA, pd.NA],  # "Sungai Raya" is ambiguous: to review, never guessed
        "jurusan_kode": ["KEPERAWATAN", "LAINNYA", pd.NA],
        "status_pendidikan": ["SISWA", "LULUS", pd.NA],
        "tahun_lulus": pd.array([2021, 2019, pd.NA], dtype="Int64"),
        "minat_luar_negeri": ["YA", "TIDAK", "RAGU"],
        "negara": ["JP|KR", "", "JP|KR"],
        "program_kode": ["SSW_JP", "", pd.NA],
        "sektor_kode": ["CAREWORKER|PERAWAT", pd.NA, pd.NA],
        "bahasa_jepang": ["N5", "BELUM", "N5"],
        "bersedia_pelatihan": ["YA", "RAGU", "RAGU"],
        "izin_orang_tua": ["RAGU", "TIDAK", "YA"],
        "sumber_informasi": ["GURU|MEDIA_SOSIAL", "TEMAN", pd.NA],
    }).astype({c: "string" for c in ANSWER_CODES[4:] if c != "tahun_lulus"} | {"jenis_kelamin": "string"})
    assert_frame_equal(codes(result, ANSWER_CODES), expected)


def test_timestamps_are_local_time_of_west_kalimantan(google_csv):
    result = read_questionnaire(google_csv, key=KEY)
    assert str(result.responses["submitted_at"].dtype) == "datetime64[ns, Asia/Pontianak]"
    assert [str(t) for t in result.responses["submitted_at"]] == [
        "2020-08-07 10:23:45+07:00", "2020-08-25 11:00:00+07:00", "2020-08-27 09:00:00+07:00"]


def test_the_same_person_without_nik_is_found_by_name_and_birth_date(google_csv):
    result = read_questionnaire(google_csv, key=KEY)
    siti = pseudonym(f"nik:{NIK_SITI}", KEY)
    assert result.responses["respondent_id"].tolist() == [siti, pseudonym("nama:budi santoso|2003-07-07", KEY), siti]
    assert result.responses["dasar_identitas"].tolist() == ["nik", "nama_tanggal_lahir", "nama_tanggal_lahir"]
    respondents = result.respondents.set_index("respondent_id")
    assert respondents.loc[siti, "source_row"] == 5  # the latest submission wins
    assert respondents.loc[siti, "jumlah_kiriman"] == 2
    assert list(result.respondents.columns) == RESPONDENT_COLUMNS


def test_rows_without_answers_are_rejected_and_every_row_is_accounted_for(google_csv):
    result = read_questionnaire(google_csv, key=KEY)
    assert_frame_equal(result.rejected, pd.DataFrame({
        "source_file": ["kuesioner.csv"], "source_sheet": ["csv"], "source_row": [4], "alasan": ["tanpa_jawaban"]
    }).astype({"source_file": "string", "source_sheet": "string", "source_row": "int64", "alasan": "string"}))
    assert accounting_by_file(result) == {"kuesioner.csv": {
        "baris_masuk": 4, "baris_dipakai": 3, "baris_duplikat": 0, "baris_ditolak": 1, "baris_bukan_data": 0}}


def test_cells_of_only_spaces_are_blank_and_a_row_of_them_has_no_answer(tmp_path):
    path = write_csv(tmp_path / "spasi.csv", FORM, [
        form_row(stempel="07/08/2020 10:23:45", nama="Siti Aminah", apakah_anda_berminat="Ya",
                 negara="  ", jurusan="\u3000"),  # the answers a person cleared with the space bar
        form_row(stempel="07/08/2020 10:30:00", apakah_anda_berminat=" \t ", negara="   "),
    ])
    result = read_questionnaire(path, key=KEY)
    assert result.responses["negara"].isna().all() and result.responses["jurusan_kode"].isna().all()
    assert result.rejected["alasan"].tolist() == ["tanpa_jawaban"]
    assert " " not in set(result.mapped["teks_asli"].str.strip())


def test_values_needing_review_are_listed_once_with_their_counts(google_csv):
    mapped = read_questionnaire(google_csv, key=KEY).mapped
    review = mapped[mapped["metode"].isin(["unmapped", "fuzzy"])]
    assert review[["jenis", "teks_asli", "kode", "metode", "jumlah"]].to_dict("records") == [
        {"jenis": "negara", "teks_asli": "Jepan", "kode": "JP", "metode": "fuzzy", "jumlah": 1},
        {"jenis": "sektor", "teks_asli": "Apotek / farmasi", "kode": None, "metode": "unmapped", "jumlah": 1},
        {"jenis": "wilayah", "teks_asli": "Sungai Raya", "kode": None, "metode": "unmapped", "jumlah": 1},
    ]


def test_outputs_hold_pseudonyms_and_codes_never_personal_values(google_csv):
    result = read_questionnaire(google_csv, key=KEY)
    assert list(result.responses.columns) == RESPONSE_COLUMNS
    text = "\n".join(frame.astype(str).to_csv() for frame in (result.responses, result.respondents, result.rejected,
                                                              result.problems, result.mapped, result.accounting))
    for personal in ("Siti", "siti", "BUDI", NIK_SITI, "0812", "857", "gmail", "@"):
        assert personal not in text


def test_the_same_files_give_the_same_result(google_csv):
    first, second = read_questionnaire(google_csv, key=KEY), read_questionnaire(google_csv, key=KEY)
    for name in ("responses", "respondents", "rejected", "problems", "mapped", "accounting"):
        assert_frame_equal(getattr(first, name), getattr(second, name))


# --------------------------------------------------------------------------------------------
# An English-locale export, and cumulative exports


def test_an_english_locale_export_is_read_month_first_as_a_whole(tmp_path):
    header = ["Timestamp", "Email Address", "Name", "Gender", "Date of birth",
              "Are you interested in working abroad?", "Destination country"]
    rows = [["7/8/2020 10:23:45", "", "Dewi Lestari", "Female", "7/15/2003", "Yes", "Japan"],
            ["7/25/2020 9:00:00", "", "Andi Wijaya", "Male", "3/4/2002", "No", "-"]]
    result = read_questionnaire(write_csv(tmp_path / "english.csv", header, rows), key=KEY)
    assert [str(t) for t in result.responses["submitted_at"]] == ["2020-07-08 10:23:45+07:00",
                                                                   "2020-07-25 09:00:00+07:00"]
    # the birth dates give no proof of their own: they follow the file's order
    assert result.responses["tanggal_lahir"].dt.strftime("%Y-%m-%d").tolist() == ["2003-07-15", "2002-03-04"]
    assert result.responses["negara"].tolist() == ["JP", ""]
    assert result.problems["masalah"].str.contains("bulan-dulu").tolist() == [True]


def test_a_person_keeps_the_id_of_earlier_months_when_a_later_submission_brings_the_nik(tmp_path):
    first = form_row(stempel="07/08/2020 10:23:45", nama="Siti Aisyah", tanggal="15/07/2003",
                     apakah_anda_berminat="Ya", negara="Jepang")  # no NIK in her first answer
    later = form_row(stempel="02/03/2021 08:00:00", nama="Siti Aisyah", nik=NIK_SITI, tanggal="15/07/2003",
                     apakah_anda_berminat="Ya", negara="Jepang")
    december = write_csv(tmp_path / "kuesioner_2020-12.csv", FORM, [first])
    march = write_csv(tmp_path / "kuesioner_2021-03.csv", FORM, [first, later])  # cumulative export
    before = read_questionnaires([december], key=KEY).respondents["respondent_id"].tolist()
    after = read_questionnaires([december, march], key=KEY).responses
    assert before == [pseudonym("nama:siti aisyah|2003-07-15", KEY)]
    assert after["respondent_id"].tolist() == before * 3  # one person, the id of December
    assert after["dasar_identitas"].tolist() == ["nama_tanggal_lahir", "nama_tanggal_lahir", "nik"]


def test_a_submission_seen_in_two_cumulative_exports_is_two_rows_with_one_submission_id(tmp_path):
    december = [form_row(stempel="07/08/2020 10:23:45", nama="Siti Aisyah", nik=NIK_SITI, tanggal="15/07/2003",
                         apakah_anda_berminat="Ya", negara="Jepang"),
                form_row(stempel="25/08/2020 11:00:00", nama="Budi Santoso", tanggal="07/07/2003",
                         apakah_anda_berminat="Tidak")]
    june = [form_row(stempel="07/08/2020 10:23:45", nama="Siti Aisyah", nik="6,17101E+15", tanggal="15/07/2003",
                     apakah_anda_berminat="Ya", negara="Jepang"),  # the NIK as Excel left it in the CSV
            form_row(stempel="25/08/2020 11:00:00", nama="Budi Santoso", tanggal="07/07/2003",
                     apakah_anda_berminat="Tidak"),
            form_row(stempel="02/03/2021 08:00:00", nama="SITI AISYAH", nik=NIK_SITI, tanggal="15/07/2003",
                     apakah_anda_berminat="Ya", negara="Jepang, Malaysia")]  # she changed her mind
    paths = [write_csv(tmp_path / "kuesioner_2020-12.csv", FORM, december),
             write_csv(tmp_path / "kuesioner_2021-06.csv", FORM, june, delimiter=";", encoding="cp1252")]
    result = read_questionnaires(paths, key=KEY)
    responses = result.responses
    assert responses[["source_file", "source_row", "is_duplikat_kiriman"]].astype(object).values.tolist() == [
        ["kuesioner_2020-12.csv", 2, False], ["kuesioner_2020-12.csv", 3, False],
        ["kuesioner_2021-06.csv", 2, True], ["kuesioner_2021-06.csv", 3, True], ["kuesioner_2021-06.csv", 4, False]]
    ids = responses["submission_id"].tolist()
    assert ids[0] == ids[2] and ids[1] == ids[3] and len(set(ids)) == 3
    assert responses["respondent_id"].nunique() == 2
    siti = result.respondents[result.respondents["respondent_id"] == pseudonym(f"nik:{NIK_SITI}", KEY)]
    assert siti[["source_file", "source_row", "negara", "jumlah_kiriman"]].astype(object).values.tolist() == [
        ["kuesioner_2021-06.csv", 4, "JP|MY", 2]]
    assert accounting_by_file(result)["kuesioner_2021-06.csv"] == {
        "baris_masuk": 3, "baris_dipakai": 1, "baris_duplikat": 2, "baris_ditolak": 0, "baris_bukan_data": 0}
    damaged = result.problems[result.problems["kolom"] == "NIK"]
    assert damaged[["source_file", "source_row", "teks_asli"]].values.tolist() == [
        ["kuesioner_2021-06.csv", 2, "(disamarkan)"]]


def test_a_question_edited_midway_has_two_columns_combined_into_one(tmp_path):
    header = ["Stempel waktu", "Nama Lengkap", "Jenis Kelamin", "Negara tujuan", "Negara tujuan yang diminati",
              "Minat Kerja LN"]
    rows = [["07/08/2020 10:00:00", "Ani", "P", "Jepang", "", "Ya"],
            ["07/09/2020 10:00:00", "Ina", "P", "", "Taiwan", "Ya"],
            ["07/10/2020 10:00:00", "Uni", "P", "Jepang", "Korea", "Ya"]]
    result = read_questionnaire(write_csv(tmp_path / "edited.csv", header, rows), key=KEY)
    assert result.responses["negara"].tolist() == ["JP", "TW", "JP"]
    clash = result.problems[result.problems["masalah"].str.contains("jawaban berbeda")]
    assert clash[["source_row", "kolom", "teks_asli"]].values.tolist() == [[4, "Negara tujuan yang diminati", "Korea"]]


# --------------------------------------------------------------------------------------------
# A hand-made sheet typed from paper forms


@pytest.fixture
def paper_xlsx(tmp_path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sosialisasi Ketapang"
    ws["A1"] = "REKAP KUESIONER MINAT KERJA KE LUAR NEGERI"
    ws["A2"] = "Sosialisasi di SMK Kesehatan Citra Husada Ketapang"
    header = ["No", "Tgl Isi", "Nama Siswa", "L/P", "Tempat, Tgl Lahir", "Umur", "Asal Sekolah", "Kelas/Alumni",
              "Minat Kerja LN", "Minat Negara", "No. HP", "Keterangan"]
    for col, text in enumerate(header, 1):
        ws.cell(4, col, text)
    rows = [
        [1, "09-03-2021", "Rina Wati", "Pr", "Ketapang, 7 Juli 2003", "17 th", "smk kes citra husada", "XII",
         "iya", "Jepang; Korsel", "0812-3456-7890", "ortu belum mengizinkan"],
        [2, "09-03-2021", "Dedi Kurniawan", "Lk", "Ketapang, 07-07-2002", "18 thn", "SMA Negeri 2 Sungai Raya",
         "Alumni 2020", "tdk", "-", "", ""],
        None,  # a blank row between two pages of forms
        [3, "09-03-2021", "Muhammad Rizki", "L", "31 Juni 2003", "tujuh belas", "SMK Citra Husada Ketapang",
         "Kls XI", "ragu-ragu", "", "", ""],
    ]
    row = 5
    for values in rows:
        if values is not None:
            for col, value in enumerate(values, 1):
                ws.cell(row, col, value)
        row += 1
    ws.cell(row + 1, 1, "Keterangan: diketik ulang dari formulir kertas")
    path = tmp_path / "kertas.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def schools() -> pd.DataFrame:
    return pd.DataFrame({"school_id": ["30106973", "30105195"],
                         "nama_sekolah": ["SMK Kesehatan Citra Husada Ketapang", "SMK Kesehatan Bina Dharma Pontianak"],
                         "kab_kota_kode": ["61.04", "61.71"]})


def test_a_hand_typed_sheet_below_title_rows_is_read_with_its_own_headers(paper_xlsx, schools):
    result = read_questionnaire(paper_xlsx, key=KEY, schools=schools)
    expected = pd.DataFrame({
        "source_row": [5, 6, 8],
        "submitted_at": pd.to_datetime(["2021-03-09"] * 3).tz_localize("Asia/Pontianak").astype(
            "datetime64[ns, Asia/Pontianak]"),
        "jenis_kelamin": ["P", "L", "L"],
        "tanggal_lahir": pd.to_datetime(["2003-07-07", "2002-07-07", None]).astype("datetime64[ns]"),
        "umur": pd.array([17, 18, pd.NA], dtype="Int64"),
        "school_id": ["30106973", pd.NA, "30106973"],
        "status_pendidikan": ["SISWA", "LULUS", "SISWA"],
        "tahun_lulus": pd.array([pd.NA, 2020, pd.NA], dtype="Int64"),
        "minat_luar_negeri": ["YA", "TIDAK", "RAGU"],
        "negara": ["JP|KR", "", pd.NA],
    }).astype({c: "string" for c in ("jenis_kelamin", "school_id", "status_pendidikan", "minat_luar_negeri",
                                     "negara")})
    assert_frame_equal(result.responses[list(expected.columns)], expected)
    problems = result.problems[["source_row", "kolom", "teks_asli"]].astype(object).values.tolist()
    assert problems == [[8, "Tempat, Tgl Lahir", "31 Juni 2003"], [8, "Umur", "tujuh belas"]]
    assert result.rejected[["source_row", "alasan"]].astype(object).values.tolist() == [
        [7, "kosong"], [9, "kosong"], [10, "catatan"]]
    summary = result.summary()
    assert summary[["baris_masuk", "baris_dipakai", "baris_ditolak", "baris_bukan_data"]].values.tolist() == [
        [6, 3, 0, 3]]


def test_schools_are_matched_by_their_distinctive_words_and_unknown_ones_go_to_review(paper_xlsx, schools):
    mapped = read_questionnaire(paper_xlsx, key=KEY, schools=schools).mapped
    sekolah = mapped[mapped["jenis"] == "sekolah"][["teks_asli", "kode", "metode"]]
    assert sekolah.values.tolist() == [["SMA Negeri 2 Sungai Raya", None, "unmapped"],
                                       ["SMK Citra Husada Ketapang", "30106973", "synonym"],
                                       ["smk kes citra husada", "30106973", "synonym"]]


def test_hidden_and_headerless_sheets_of_a_questionnaire_workbook_are_counted_as_not_data(paper_xlsx):
    wb = openpyxl.load_workbook(paper_xlsx)
    lookup = wb.create_sheet("daftar")  # the drop-down list behind "Minat Negara", hidden
    for country in ("Jepang", "Korea Selatan", "Taiwan"):
        lookup.append([country])
    lookup.sheet_state = "hidden"
    notes = wb.create_sheet("catatan")
    notes.append(["diketik oleh petugas"])
    notes.append(["dicek 10 Maret"])
    wb.save(paper_xlsx)
    result = read_questionnaire(paper_xlsx, key=KEY)
    aside = result.accounting[result.accounting["source_sheet"].isin(["daftar", "catatan"])]
    assert aside["status"].tolist() == ["bukan_data"] * 5
    assert sorted(set(aside["alasan"])) == ["lembar_tersembunyi", "tanpa_judul_kolom"]
    assert accounting_by_file(result)["kertas.xlsx"]["baris_ditolak"] == 0


def test_without_a_school_table_school_id_is_missing(paper_xlsx):
    result = read_questionnaire(paper_xlsx, key=KEY)
    assert result.responses["school_id"].isna().all()
    assert "sekolah" not in set(result.mapped["jenis"])


# --------------------------------------------------------------------------------------------
# The synthetic sample: all three exports, cleaned together

SAMPLE_FILES = ["kuesioner_minat_2020-12.xlsx", "kuesioner_minat_2021-06.csv", "kuesioner_kertas_2021.xlsx"]
XLSX, CSV, PAPER = (f"contoh/{name}" for name in SAMPLE_FILES)


@pytest.fixture(scope="module")
def sample():
    return read_questionnaires([SAMPLE / name for name in SAMPLE_FILES], key=KEY, root=SAMPLE.parent)


@pytest.fixture(scope="module")
def readme() -> list[str]:
    return (SAMPLE / "README.md").read_text(encoding="utf-8").splitlines()


def _line(readme: list[str], start: str) -> str:
    return next(line for line in readme if line.startswith(start))


def _pairs(readme: list[str], start: str, joiner: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in re.findall(rf"(\d+){re.escape(joiner)}(\d+)", _line(readme, start))]


def _person(sample, file: str, row: int, sheet: str | None = None) -> str:
    r = sample.responses
    hit = r[(r["source_file"] == file) & (r["source_row"] == row) & ((r["source_sheet"] == sheet) if sheet else True)]
    assert len(hit) == 1, (file, sheet, row)
    return hit["respondent_id"].iloc[0]


def test_sample_every_row_is_accounted_for(sample):
    summary = sample.summary()
    assert (summary["baris_masuk"] == summary[["baris_dipakai", "baris_duplikat", "baris_ditolak",
                                               "baris_bukan_data"]].sum(axis=1)).all()
    assert summary["baris_masuk"].sum() == len(sample.responses) + len(sample.rejected)
    by_file = accounting_by_file(sample)
    assert by_file[XLSX]["baris_masuk"] == 230 and by_file[CSV]["baris_masuk"] == 413
    # the blank rows with only a timestamp (December row 123; June rows 123 and 279)
    no_answer = sample.rejected[sample.rejected["alasan"] == "tanpa_jawaban"]
    assert no_answer[["source_file", "source_row"]].astype(object).values.tolist() == [
        [XLSX, 123], [CSV, 123], [CSV, 279]]


def test_sample_december_rows_are_found_again_in_the_june_export(sample):
    r = sample.responses.set_index(["source_file", "source_row"])
    december = r.loc[XLSX]
    june = r.loc[CSV].loc[december.index]
    assert (december["submission_id"] == june["submission_id"]).all()
    assert not december["is_duplikat_kiriman"].any() and june["is_duplikat_kiriman"].all()
    assert int(r["is_duplikat_kiriman"].sum()) == len(december) == 229


def test_sample_counts_the_people_its_readme_says_it_holds(sample, readme):
    people = int(re.search(r"(\d+) orang berbeda", "\n".join(readme)).group(1))
    assert len(sample.respondents) == people == sample.responses["respondent_id"].nunique()


def test_sample_resubmissions_with_and_without_nik_are_one_person(sample, readme):
    pairs = _pairs(readme, "- Kirim ulang, NIK sama", " → ") + _pairs(readme, "- Kirim ulang tanpa NIK", " → ")
    assert len(pairs) >= 10
    for first, again in pairs:
        assert _person(sample, CSV, first) == _person(sample, CSV, again), (first, again)
    line = readme.index(_line(readme, "- NIK rusak di kiriman pertama"))
    damaged = int(re.search(r"CSV baris (\d+)", readme[line]).group(1))
    intact = int(re.search(r"baris (\d+)", readme[line + 1]).group(1))
    assert _person(sample, CSV, damaged) == _person(sample, CSV, intact)


def test_sample_double_clicks_are_one_person_with_two_submissions(sample, readme):
    for first, second in _pairs(readme, "- Klik ganda", " → "):
        assert _person(sample, CSV, first) == _person(sample, CSV, second)
        r = sample.responses
        ids = r[(r["source_file"] == CSV) & r["source_row"].isin([first, second])]["submission_id"]
        assert ids.nunique() == 2


def test_sample_namesakes_and_siblings_stay_different_people(sample, readme):
    pairs = _pairs(readme, "- Nama sama, orang berbeda", " & ") + _pairs(readme, "- Saudara kandung", " & ")
    assert len(pairs) >= 5
    for one, other in pairs:
        assert _person(sample, CSV, one) != _person(sample, CSV, other), (one, other)
    line = _line(readme, "- Nama sama, orang berbeda")
    sheet, row = re.search(r"`([^`]+)` baris (\d+)", line).groups()
    paper = _person(sample, PAPER, int(row), sheet)
    for online in re.search(r"online: CSV baris ([\d, ]+)", line).group(1).split(","):
        assert paper != _person(sample, CSV, int(online))


def test_sample_people_who_answered_online_and_on_paper_are_one_person(sample, readme):
    line = _line(readme, "- Mengisi online lalu kertas")
    pairs = re.findall(r"`([^`]+)` baris (\d+) ↔ CSV baris (\d+)", line)
    assert len(pairs) >= 10
    for sheet, paper_row, csv_row in pairs:
        assert _person(sample, PAPER, int(paper_row), sheet) == _person(sample, CSV, int(csv_row))


# --------------------------------------------------------------------------------------------
# Counting answers


def test_answer_counts_follow_the_codebook_order_and_count_every_ticked_option():
    frame = pd.DataFrame({"bahasa_jepang": ["N4", "BELUM", "N5", "BELUM", None],
                          "sektor_kode": ["CAREWORKER|PERAWAT", "CAREWORKER", "", None, "MANUFAKTUR"]})
    expected = pd.DataFrame({
        "kode": pd.Series(["BELUM", "N5", "N4", None], dtype=object),
        "label": pd.Series(["Belum bisa", "JLPT N5 / setara", "JLPT N4", "(kosong atau belum dikenali)"], dtype=object),
        "jumlah": [2, 1, 1, 1], "persen": [40.0, 20.0, 20.0, 20.0]})
    assert_frame_equal(answer_counts(frame, "bahasa_jepang"), expected)
    sectors = answer_counts(frame, "sektor_kode", lang="en")
    assert sectors[["kode", "label", "jumlah"]].values.tolist() == [
        ["CAREWORKER", "Careworker", 2], ["PERAWAT", "Registered nurse", 1], ["MANUFAKTUR", "Manufacturing", 1],
        ["", "(no choice)", 1], [None, "(blank or not yet recognised)", 1]]


def test_a_summary_sheet_beside_the_answers_is_rejected_row_by_row_not_read_as_answers(tmp_path):
    wb = openpyxl.Workbook()
    answers = wb.active
    answers.title = "Tanggapan Formulir 1"
    answers.append(["Stempel waktu", "Nama Lengkap", "Jenis Kelamin", "Minat Kerja LN", "Minat Negara"])
    answers.append(["07/08/2020 10:00:00", "Ani Lestari", "P", "Ya", "Jepang"])
    summary = wb.create_sheet("Rekap")
    summary.append(["Negara", "Jumlah Peminat"])
    summary.append(["Jepang", 1])
    summary.append(["Total", 1])
    wb.save(tmp_path / "dengan_rekap.xlsx")
    result = read_questionnaire(tmp_path / "dengan_rekap.xlsx", key=KEY)
    assert result.responses["negara"].tolist() == ["JP"]
    assert result.rejected[["source_sheet", "source_row", "alasan"]].astype(object).values.tolist() == [
        ["Rekap", 2, "bukan_kuesioner"], ["Rekap", 3, "bukan_kuesioner"]]
    assert result.summary()[["source_sheet", "baris_masuk", "baris_ditolak"]].values.tolist() == [
        ["Rekap", 2, 2], ["Tanggapan Formulir 1", 1, 0]]


def test_a_microsoft_forms_export_semicolons_two_digit_years_and_anonymous_names(tmp_path):
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Nama Lengkap", "Jenis Kelamin",
              "Tanggal Lahir", "Apakah Anda berminat bekerja ke luar negeri?", "Negara tujuan"]
    rows = [["1", "7/8/20 10:20:00", "7/8/20 10:23:45", "anonymous", "anonymous", "Rina Wati", "Perempuan",
             "7 Juli 2003", "Ya", "Jepang;Korea Selatan;"],
            ["2", "7/25/20 8:55:00", "7/25/20 9:00:00", "anonymous", "anonymous", "Rina Wati", "Perempuan",
             "7 Juli 2003", "Ya", "Jepang;"]]
    result = read_questionnaire(write_csv(tmp_path / "msforms.csv", header, rows), key=KEY)
    assert [str(t) for t in result.responses["submitted_at"]] == ["2020-07-08 10:23:45+07:00",
                                                                   "2020-07-25 09:00:00+07:00"]
    assert result.responses["negara"].tolist() == ["JP|KR", "JP"]
    assert result.responses["respondent_id"].tolist() == [pseudonym("nama:rina wati|2003-07-07", KEY)] * 2
    assert not result.problems["masalah"].str.contains("jawaban berbeda").any()
