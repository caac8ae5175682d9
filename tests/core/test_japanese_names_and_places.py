"""core.japanese: prefectures and width folding shared by the case anonymiser and the directory."""

import pytest

from banso.core import japanese
from banso.engagements.engines import directory
from banso.knowledge.engines import anonymise


def test_the_47_prefectures_once_each_and_both_engines_use_the_same_list():
    assert len(japanese.PREFECTURES) == 47 == len(set(japanese.PREFECTURES))
    assert japanese.PREFECTURES[0] == "北海道" and japanese.PREFECTURES[-1] == "沖縄県"
    assert directory.PREFECTURES is japanese.PREFECTURES
    assert anonymise.PREFECTURES is japanese.PREFECTURES
    assert anonymise.prefecture_of is japanese.prefecture_of


@pytest.mark.parametrize(
    ("address", "prefecture"),
    [
        ("新潟県燕市大字小池3-2", "新潟県"),
        ("　東京都 港区芝公園１－１", "東京都"),
        ("北海道札幌市", "北海道"),
        ("京都市下京区", ""),  # a city, not 京都府
        ("", ""),
        (None, ""),
    ],
)
def test_prefecture_of(address, prefecture):
    assert japanese.prefecture_of(address) == prefecture


def test_fold_keeps_the_length_and_compact_drops_spaces():
    text = "ＡＢＣ１２３（株）－ー丸山　太郎"
    folded = japanese.fold(text)
    assert len(folded) == len(text)
    assert folded == "ABC123(株)--丸山 太郎"
    assert japanese.compact("丸山　太郎 ") == "丸山太郎"


def test_is_prefecture_and_the_directory_refuses_anything_else():
    assert japanese.is_prefecture("静岡県") and not japanese.is_prefecture("静岡")
    assert directory.standard_bodies("静岡県")[0][1] == "静岡県よろず支援拠点"
    with pytest.raises(ValueError):
        directory.standard_bodies("静岡")
