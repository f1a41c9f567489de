"""Who is who: the same-person rules and the keyed pseudonyms that replace names and NIKs.

Two halves:

- **Same person.** :func:`person_keys` decides which submissions belong to one person,
  in four small steps, each a pure function over a frame of identity fields
  (see :data:`IDENTITY_FIELDS`):

  1. a valid NIK decides (:func:`key_by_nik`);
  2. else the normalised name and the birth date decide; when that name and date belong
     to two people with different NIKs, the surviving digits of a damaged NIK may pick
     one, and otherwise the submission stays on its own (:func:`key_by_name_and_birth`);
  3. a name without a birth date joins a known person only when a phone number, an
     e-mail or a damaged NIK's digits confirm it; the phone alone never decides, because
     siblings share a phone (:func:`key_by_confirmation`);
  4. anything else is a person of its own, one per submission (:func:`key_by_submission`).

  Two people with one common name and different birth dates are never merged; two
  different valid NIKs are never merged, not even two that step 0 distrusted
  (:func:`_split_by_distrusted_niks`).

- **Stable ids.** A person's pseudonym is made from what their *earliest* submission says
  on its own (its NIK, else its name and birth date), not from the best key found so far
  (:func:`stable_person_keys`): when a NIK first appears in a later month, the person
  keeps the id of the earlier reports.

- **Pseudonyms.** A person key ("nik:6171…", "nama:siti aisyah|2003-07-07") never leaves
  memory: it is replaced by ``R-`` + 12 hex digits of HMAC-SHA256 under a secret key
  (:func:`pseudonym`). A plain hash would not do: NIKs are structured (region, birth
  date, serial) and can be enumerated. The key comes from ``JEJAK_KEY`` or a key file
  outside git, created on first use (:func:`load_key`); the same key gives the same ids
  month after month.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from jejak_analysis.errors import InvalidParameterError
from jejak_analysis.messages import message
from jejak_analysis.person import MIN_CONFIRM_DIGITS, digits_agree, normalize_email, normalize_phone

KEY_ENV = "JEJAK_KEY"
DEFAULT_KEY_FILE = Path("~/.config/jejak/kunci")
MIN_KEY_LENGTH = 32
ID_HEX_DIGITS = 12
NIK_LENGTH = 16

# The identity fields of one submission (all text or missing). None of them ever leaves this stage.
IDENTITY_FIELDS = ["nik", "nik_digits", "name", "birth_date", "phone", "email", "submission"]


# --------------------------------------------------------------------------------------------
# The secret key


def _checked(key: bytes, source: str) -> bytes:
    if len(key) < MIN_KEY_LENGTH:
        raise InvalidParameterError("kunci_salah", sumber=source)
    return key


def _inside_git(path: Path) -> bool:
    return any((parent / ".git").exists() for parent in path.resolve().parents)


def _tell(text: str) -> None:
    print(text, file=sys.stderr)


def load_key(path: str | Path | None = None, *, create: bool = True, lang: str = "id",
             notify: Callable[[str], None] = _tell) -> bytes:
    """The secret key of the pseudonyms, as bytes.

    - ``JEJAK_KEY`` in the environment wins (at least 32 characters);
    - else the key file at ``path`` (default ``~/.config/jejak/kunci``);
    - else, when ``create``, a new random key is written there (readable by its owner
      only) and ``notify`` is told where, so the user keeps it safe.

    A key file is refused inside a git working tree: a committed key would let anyone
    who has the repository turn NIKs back into ids.
    """
    from_env = os.environ.get(KEY_ENV, "").strip()
    if from_env:
        return _checked(from_env.encode("utf-8"), KEY_ENV)
    path = (Path(path) if path is not None else DEFAULT_KEY_FILE).expanduser()
    if path.exists():
        return _checked(path.read_text(encoding="utf-8").strip().encode("utf-8"), str(path))
    if not create:
        raise InvalidParameterError("kunci_tidak_ada", berkas=str(path), env=KEY_ENV)
    if _inside_git(path):
        raise InvalidParameterError("kunci_di_git", berkas=str(path))
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    notify(message("kunci_dibuat", lang, path=str(path)))
    return text.encode("utf-8")


def resolve_key(key: bytes | str | None, lang: str = "id") -> bytes:
    """A key given as bytes or text is checked and used; None means :func:`load_key`."""
    if key is None:
        return load_key(lang=lang)
    if isinstance(key, str):
        key = key.encode("utf-8")
    return _checked(key, "key")


# --------------------------------------------------------------------------------------------
# Pseudonyms


def pseudonym(identity: str, key: bytes, prefix: str = "R-") -> str:
    """The keyed pseudonym of one identity: ``prefix`` + 12 hex digits of HMAC-SHA256.

    >>> pseudonym("nik:6171015507030001", b"k" * 32)
    'R-a3ceed0a4c4f'
    """
    digest = hmac.new(key, identity.encode("utf-8"), hashlib.sha256).hexdigest()
    return prefix + digest[:ID_HEX_DIGITS]


def _hmac_sha256(key: bytes) -> Callable[[bytes], str]:
    """HMAC-SHA256 (RFC 2104) under ``key`` as a function of the message → hex digest.

    The same digest as ``hmac.new(key, message, "sha256")``, with the key's inner and outer
    pads hashed once instead of once per message: over a million ids this halves the time.
    """
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded))

    def mac(message: bytes) -> str:
        step = inner.copy()
        step.update(message)
        result = outer.copy()
        result.update(step.digest())
        return result.hexdigest()

    return mac


def pseudonyms(identities: pd.Series, key: bytes, prefix: str = "R-") -> pd.Series:
    """:func:`pseudonym` of every value of a column, each distinct value hashed once; missing stays missing."""
    codes, uniques = pd.factorize(identities.astype(object), use_na_sentinel=True)
    mac = _hmac_sha256(key)
    table = [prefix + mac(str(v).encode("utf-8"))[:ID_HEX_DIGITS] for v in uniques]
    table.append(None)
    return pd.Series([table[c] for c in codes], index=identities.index, dtype="string")


# --------------------------------------------------------------------------------------------
# Same person


def _missing(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column].isna() | (frame[column].astype(object) == "")


def nik_birth_mismatch(people: pd.DataFrame) -> pd.Series:
    """True where a valid NIK's date digits disagree with the birth date given beside it.

    Such a number is often the family card (KK) number, which siblings share, or a
    parent's NIK: it must not decide that two people are one. (Column-wise, the same
    rule as :func:`jejak_analysis.person.nik_agrees_with_birth_date`.) A pair that is not
    16 digits and an ISO date (``YYYY-MM-DD``) cannot be compared and is not a mismatch.
    """
    both = (~_missing(people, "nik") & ~_missing(people, "birth_date")).to_numpy(dtype=bool)
    mismatch = np.zeros(len(people), dtype=bool)
    rows = np.flatnonzero(both)
    niks = list(map(str, people["nik"].to_numpy(dtype=object)[rows]))
    births = list(map(str, people["birth_date"].to_numpy(dtype=object)[rows]))
    shaped = ((np.fromiter(map(len, niks), dtype=np.int64, count=len(rows)) == NIK_LENGTH)
              & (np.fromiter(map(len, births), dtype=np.int64, count=len(rows)) == len("YYYY-MM-DD")))
    if not ("".join(niks) + "".join(births)).isascii():  # rare: find the rows with other characters
        shaped &= np.fromiter((n.isascii() and b.isascii() for n, b in zip(niks, births, strict=True)),
                              dtype=bool, count=len(rows))
    nik = _digit_block([n for n, ok in zip(niks, shaped, strict=True) if ok], NIK_LENGTH)
    birth = _digit_block([b for b, ok in zip(births, shaped, strict=True) if ok], len("YYYY-MM-DD"))
    dash = ord("-") - ord("0")
    comparable = (((nik >= 0) & (nik <= 9)).all(axis=1)
                  & ((birth[:, [0, 1, 2, 3, 5, 6, 8, 9]] >= 0) & (birth[:, [0, 1, 2, 3, 5, 6, 8, 9]] <= 9)).all(axis=1)
                  & (birth[:, 4] == dash) & (birth[:, 7] == dash))
    day = nik[:, 6] * 10 + nik[:, 7]
    agree = ((day % 40 == birth[:, 8] * 10 + birth[:, 9])
             & (nik[:, 8:10] == birth[:, 5:7]).all(axis=1) & (nik[:, 10:12] == birth[:, 2:4]).all(axis=1))
    mismatch[rows[shaped][comparable]] = ~agree[comparable]
    return pd.Series(mismatch, index=people.index)


def _digit_block(texts: list[str], width: int) -> np.ndarray:
    """ASCII texts of one length as an ``(n, width)`` array of their characters minus ``"0"`` (digits: 0–9)."""
    joined = "".join(texts).encode("ascii")
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, width).astype(np.int16) - ord("0")


def distrust_mismatched_niks(people: pd.DataFrame) -> pd.DataFrame:
    """Step 0: a NIK that disagrees with its birth date keeps only its digits, to confirm, never to decide."""
    mismatch = nik_birth_mismatch(people)
    if not mismatch.any():
        return people
    return people.assign(
        nik_digits=people["nik_digits"].astype(object).where(~mismatch, people["nik"].astype(object)),
        nik=people["nik"].astype(object).where(~mismatch, None),
    )


def key_by_nik(people: pd.DataFrame) -> pd.Series:
    """Step 1: a valid NIK is the person (``nik:<16 digits>``); other rows get NA."""
    has_nik = ~_missing(people, "nik")
    return pd.Series("nik:" + people["nik"].astype(object).where(has_nik, ""), index=people.index,
                     dtype=object).where(has_nik, None)


def key_by_name_and_birth(people: pd.DataFrame, keys: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Step 2: rows still without a key join by normalised name + birth date.

    - the name and date were seen with exactly one NIK → that NIK's person;
    - with none → ``nama:<name>|<date>``;
    - with two or more NIKs (two people sharing name and birth date) → the NIK whose
      digits the row's damaged NIK confirms, else no key (the row stays on its own).

    Returns the keys and a flag of the rows left undecided because of such a clash.
    """
    keys = keys.copy()
    ambiguous = pd.Series(False, index=people.index)
    has_name_birth = ~_missing(people, "name") & ~_missing(people, "birth_date")
    name_birth = (people["name"].astype(object) + "|" + people["birth_date"].astype(object)).where(has_name_birth)
    known = keys.notna() & has_name_birth
    pairs = pd.DataFrame({"nb": name_birth[known], "key": keys[known]}).drop_duplicates()
    grouped = pairs.groupby("nb", sort=True)["key"]
    counts, first_key = grouped.size(), grouped.first()
    todo = keys.isna() & has_name_birth
    count = name_birth[todo].map(counts).fillna(0)
    none, one, several = count[count == 0].index, count[count == 1].index, count[count > 1].index
    keys[none] = "nama:" + name_birth[none]
    keys[one] = name_birth[one].map(first_key)
    ambiguous |= _split_by_distrusted_niks(people, name_birth, none, keys)
    shared = {nb: list(k) for nb, k in pairs[pairs["nb"].isin(set(name_birth[several]))].groupby("nb", sort=False)["key"]}
    for index in several:  # rare: two people with one name and birth date; the NIK digits may tell them apart
        digits = _text(people.at[index, "nik_digits"])
        confirmed = [k for k in shared[name_birth[index]] if digits_agree(digits, k.removeprefix("nik:"))]
        if len(confirmed) == 1:
            keys[index] = confirmed[0]
        else:
            ambiguous[index] = True
    return keys, ambiguous


def _split_by_distrusted_niks(people: pd.DataFrame, name_birth: pd.Series, rows: pd.Index,
                              keys: pd.Series) -> pd.Series:
    """Within step 2: one name and birth date carrying two different full NIKs is two people.

    A NIK distrusted in step 0 (its date digits disagree with the birth date) may be a
    family card or a parent's number, so it does not decide; but two *different* such
    numbers under one name and date are two families, and two different NIKs are never
    merged. Those rows are keyed ``nama:<name>|<date>|<number>``; a row of that name and
    date without a full number joins the one number its surviving digits confirm, or
    stays on its own. Changes ``keys`` in place; returns the rows left undecided.
    """
    ambiguous = pd.Series(False, index=people.index)
    digits = people.loc[rows, "nik_digits"].astype(object)
    full = digits.where(digits.astype(str).str.len() == NIK_LENGTH)
    groups = name_birth[rows]
    clash = groups.map(full.groupby(groups).nunique()).fillna(0) >= 2
    numbers_of = {group: sorted(set(n)) for group, n in full[clash].dropna().groupby(groups[clash], sort=False)}
    for index in clash[clash].index:  # rare: the loop runs only over the clashing groups
        number = _text(full[index])
        if number is None:
            numbers = numbers_of[groups[index]]
            confirmed = [n for n in numbers if digits_agree(_text(digits[index]), n)]
            number = confirmed[0] if len(confirmed) == 1 else None
        keys[index] = None if number is None else f"nama:{groups[index]}|{number}"
        ambiguous[index] = number is None
    return ambiguous


def _text(value: object) -> str | None:
    return None if value is None or value != value or value == "" else str(value)


def _distinct_map(values: pd.Series, function: Callable[[object], object]) -> pd.Series:
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    table = [function(v) for v in uniques] + [None]
    return pd.Series([table[c] for c in codes], index=values.index, dtype=object)


def key_by_confirmation(people: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Step 3: a name without a birth date (and without a NIK) joins a known person when confirmed.

    The known person must have the same normalised name and share the phone, the e-mail
    or the NIK digits; exactly one such person must exist. Unconfirmed rows with a phone
    or an e-mail become ``kontak:<name>|<phone or e-mail>`` (the same name on the same
    phone is one person); the rest stay without a key.

    Phones and e-mails are normalised here, and only for the rows that need them
    (parsing a phone number is slow, and most people are decided by steps 1 and 2).
    """
    keys = keys.copy()
    todo = keys.isna() & ~_missing(people, "name") & _missing(people, "birth_date")
    if not todo.any():
        return keys
    involved = ~_missing(people, "name") & people["name"].isin(set(people.loc[todo, "name"]))
    known = involved & keys.notna()
    rows = people.loc[involved, ["name", "nik", "nik_digits"]].copy()
    rows["phone"] = _distinct_map(people.loc[involved, "phone"], normalize_phone)
    rows["email"] = _distinct_map(people.loc[involved, "email"], normalize_email)
    rows["digits"] = rows["nik"].astype(object).where(rows["nik"].notna(), rows["nik_digits"].astype(object))
    rows["prefix"] = rows["digits"].astype(object).where(rows["digits"].astype(str).str.len() >= MIN_CONFIRM_DIGITS)
    rows["prefix"] = rows["prefix"].astype(object).str[:MIN_CONFIRM_DIGITS]
    rows["key"] = keys[involved]
    mine = rows.loc[todo[involved][todo[involved]].index].drop(columns="key").reset_index(names="row")
    theirs = rows.loc[known[involved][known[involved]].index]
    pairs = []
    for column in ("phone", "email", "prefix"):
        left = mine[mine[column].notna()][["row", "name", column, "digits"]]
        right = theirs[theirs[column].notna()][["name", column, "digits", "key"]]
        matched = left.merge(right, on=["name", column], suffixes=("", "_known"))
        if column == "prefix":  # equal over the whole common length, not only the first 12 digits
            agree = [digits_agree(a, b) for a, b in zip(matched["digits"], matched["digits_known"], strict=True)]
            matched = matched[pd.Series(agree, index=matched.index, dtype=bool)]
        pairs.append(matched[["row", "key"]])
    found = pd.concat(pairs).drop_duplicates()
    unique = found.groupby("row")["key"].agg(list)
    unique = unique[unique.map(len) == 1].map(lambda k: k[0])
    keys[unique.index] = unique
    contact = mine.set_index("row")
    contact = contact["phone"].where(contact["phone"].notna(), contact["email"])
    contact = contact[contact.notna() & ~contact.index.isin(unique.index)]
    keys[contact.index] = "kontak:" + people.loc[contact.index, "name"].astype(object) + "|" + contact
    return keys


def key_by_submission(people: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Step 4: every row still without a key is a person of its own, keyed by its submission."""
    todo = keys.isna()
    return keys.where(~todo, "kiriman:" + people["submission"].astype(object).where(todo, ""))


def person_keys(people: pd.DataFrame) -> pd.DataFrame:
    """The person key of every row and the basis it was decided on (see the module docstring).

    ``people`` has the columns :data:`IDENTITY_FIELDS`, text or missing: ``nik`` a valid
    NIK, ``nik_digits`` the surviving digits of a damaged one, ``name`` normalised,
    ``birth_date`` ISO text, ``phone`` and ``email`` as typed (normalised here when
    needed), ``submission`` a text that is the same for one submission in two exports.
    A NIK whose date digits disagree with the birth date counts only as digits (step 0). Returns ``person_key`` and ``dasar``: ``nik``, ``nama_tanggal_lahir``,
    ``konfirmasi`` (name confirmed by phone, e-mail or NIK digits), ``kontak``,
    ``ambigu`` (name and date shared by two NIKs) or ``kiriman``.
    """
    missing = [c for c in IDENTITY_FIELDS if c not in people.columns]
    if missing:
        raise ValueError(f"person_keys needs the columns {missing}")
    people = distrust_mismatched_niks(people)
    step1 = key_by_nik(people)
    step2, ambiguous = key_by_name_and_birth(people, step1)
    step3 = key_by_confirmation(people, step2)
    step4 = key_by_submission(people, step3)
    basis = pd.Series("kiriman", index=people.index, dtype=object)
    basis[step3.notna()] = "konfirmasi"
    basis[step3.astype(object).fillna("").str.startswith("kontak:")] = "kontak"
    basis[step2.notna()] = "nama_tanggal_lahir"
    basis[step1.notna()] = "nik"
    basis[ambiguous & step3.isna()] = "ambigu"
    return pd.DataFrame({"person_key": step4.astype(object), "dasar": basis}, index=people.index)


def own_keys(people: pd.DataFrame) -> pd.Series:
    """What each row says about who it is, on its own: its trusted NIK, else its name and birth date (else NA)."""
    people = distrust_mismatched_niks(people)
    own = key_by_nik(people)
    has_name_birth = ~_missing(people, "name") & ~_missing(people, "birth_date")
    name_birth = "nama:" + people["name"].astype(object) + "|" + people["birth_date"].astype(object)
    return own.where(own.notna(), name_birth.where(has_name_birth))


def stable_person_keys(people: pd.DataFrame, decided: pd.Series, order: pd.Series) -> pd.Series:
    """The key each person's pseudonym is made from: the own key (:func:`own_keys`) of their earliest row.

    ``decided`` is :func:`person_keys`' ``person_key``; ``order`` sorts the rows in time (ISO text,
    earliest first). Month after month the exports are cumulative, so a person's earliest
    submission stays the same and so does their id, even when a later submission brings the
    NIK that now decides who they are. A person whose earliest row says nothing on its own, or
    whose earliest own key is also another person's, keeps ``decided``.
    """
    own = own_keys(people)
    own = own.where(own.notna(), decided).astype(object)
    codes, persons = pd.factorize(decided.astype(object), use_na_sentinel=False)
    first = np.empty(len(persons), dtype=object)
    alone = np.bincount(codes, minlength=len(persons))[codes] == 1
    first[codes[alone]] = own.to_numpy()[alone]  # a person of one row: that row's own key
    several = ~alone
    if several.any():  # the others: the own key of their earliest row
        strength = own[several].str.startswith("nik:").map({True: 0, False: 1})  # a NIK says more than a name
        frame = pd.DataFrame({"person": codes[several], "own": own[several],
                              "order": order[several].astype(object).fillna("~"), "strength": strength})
        earliest = frame.sort_values(["order", "strength", "own"], kind="stable").groupby("person")["own"].first()
        first[earliest.index.to_numpy()] = earliest.to_numpy()
    first = pd.Series(first, index=pd.Index(persons, dtype=object), dtype=object)
    shared = first.map(first.value_counts()) > 1
    first = first.where(~shared, first.index.to_series())
    if first.duplicated().any():  # cannot happen by the rules above; never let two people share an id
        return decided
    return pd.Series(first.to_numpy().take(codes), index=decided.index, dtype=object)
