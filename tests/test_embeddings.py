import numpy as np
import pytest

from embeddings import UnknownModelError, get_embedder
from embeddings.e5_convert import dequantize_q4_0


def test_fake_is_deterministic_and_normalised():
    a, b = get_embedder("fake-16"), get_embedder("fake-16")
    va, vb = a.embed_documents(["总投资10.3亿元", ""]), b.embed_documents(["总投资10.3亿元", ""])
    assert np.array_equal(va, vb) and va.shape == (2, 16)
    assert np.allclose(np.linalg.norm(va, axis=1), 1.0)


def test_unknown_model_lists_registered_names():
    with pytest.raises(UnknownModelError, match="multilingual-e5-small"):
        get_embedder("/no/such/model-folder")


def test_q4_0_layout():
    # scale 0.5 (fp16 0x3800); byte j: low nibble is element j, high nibble element j+16.
    block = bytes([0x00, 0x38]) + bytes((j % 16) | (((15 - j) % 16) << 4) for j in range(16))
    values = dequantize_q4_0(block, 32)
    expected = [(j - 8) * 0.5 for j in range(16)] + [((15 - j) - 8) * 0.5 for j in range(16)]
    assert values.tolist() == expected


def test_a_failing_first_use_step_reports_its_own_message(tmp_path, capsys):
    from embeddings.bundled_e5 import FirstUseError, run_once
    from embeddings.e5_convert import convert

    with pytest.raises(FirstUseError, match=r"1/3 converting failed: FileNotFoundError: .*no-such\.bin"):
        run_once("1/3 converting", convert, tmp_path / "no-such.bin", tmp_path / "model")
    assert "first use: 1/3 converting ..." in capsys.readouterr().err
    assert not (tmp_path / "model").exists()
