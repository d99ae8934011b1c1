"""Stored image files: whole or absent, and gone with a transaction that does not commit;
import files are read only from inside their folder, and never when too large."""

import io
import resource
import signal
import tracemalloc

import pytest
from PIL import Image

from showcase import media
from showcase.extensions import db

pytestmark = pytest.mark.usefixtures("app_context")


def _jpeg(size=(64, 32)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def _noise_jpeg(side=1600) -> bytes:
    """A photo-like JPEG that compresses badly: its large size is over a megabyte."""
    noise = Image.effect_noise((side, side), 60)
    buffer = io.BytesIO()
    Image.merge("RGB", [noise] * 3).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _files(key: str) -> list:
    return [media.image_file(key, size, ext) for size in media.SIZES for ext in media.FORMATS]


def test_files_of_a_rolled_back_transaction_are_removed():
    stored = media.store_image(_jpeg())
    assert all(path.exists() for path in _files(stored.key))
    db.session.rollback()
    assert not any(path.exists() for path in _files(stored.key))


def test_files_of_a_committed_transaction_stay():
    stored = media.store_image(_jpeg())
    db.session.commit()
    db.session.rollback()  # a later transaction's rollback must not touch them
    assert all(path.exists() for path in _files(stored.key))


def test_files_of_a_session_closed_without_commit_are_removed():
    stored = media.store_image(_jpeg())
    db.session.close()
    assert not any(path.exists() for path in _files(stored.key))


def test_prepared_image_is_stored_without_decoding_again():
    prepared = media.prepare_image(_jpeg((300, 200)))
    stored = media.store_image(prepared)
    assert (stored.key, stored.width, stored.height) == (prepared.key, 300, 200)
    with Image.open(media.image_file(stored.key, "large")) as saved:
        assert saved.size == (300, 200)


def test_prepared_photo_keeps_its_size_but_only_the_pixels_storing_needs():
    prepared = media.prepare_image(_jpeg((4000, 3000)))
    assert (prepared.width, prepared.height) == (4000, 3000)
    assert prepared.pixels.size == (1600, 1200)
    stored = media.store_image(prepared)
    assert (stored.width, stored.height) == (4000, 3000)
    for size, expected in (("thumb", (480, 360)), ("medium", (960, 720)),
                           ("large", (1600, 1200))):
        for ext in media.FORMATS:
            with Image.open(media.image_file(stored.key, size, ext)) as derived:
                assert derived.size == expected


def test_a_write_failing_midway_leaves_no_partial_image_for_readers():
    prepared = media.prepare_image(_noise_jpeg())
    folder = media.image_file(prepared.key, "large").parent
    # The thumbnails (about 60 kB) fit under this file size limit, a larger size (the large
    # JPEG is over a megabyte) fails while it is being written: the kernel refuses the write.
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, hard))
    try:
        with pytest.raises(OSError):
            media.store_image(prepared)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous_handler)
    assert list(folder.iterdir()) == []  # no partial file, no orphan thumbnail, no temporary


def test_stored_files_never_carry_a_temporary_name():
    stored = media.store_image(_jpeg())
    folder = media.image_file(stored.key, "large").parent
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{stored.key}-{size}.{ext}" for size in media.SIZES for ext in media.FORMATS)


def test_import_image_is_read_from_inside_its_folder(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "robot.jpg").write_bytes(_jpeg())
    (tmp_path / "same-robot.jpg").symlink_to(tmp_path / "images" / "robot.jpg")
    assert media.read_image_file(tmp_path, "images/robot.jpg") == _jpeg()
    assert media.read_image_file(tmp_path, "same-robot.jpg") == _jpeg()


@pytest.mark.parametrize("relative", ["link-out.jpg", "../outside.jpg", "{outside}", "."])
def test_import_image_outside_its_folder_is_refused(tmp_path, relative):
    folder = tmp_path / "import"
    folder.mkdir()
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(_jpeg())
    (folder / "link-out.jpg").symlink_to(outside)
    with pytest.raises(media.ImageRejected) as error:
        media.read_image_file(folder, relative.format(outside=outside))
    assert str(error.value.reason) == "The image must be a file inside the import folder."


def test_missing_import_image_is_reported_as_not_found(tmp_path):
    with pytest.raises(media.ImageRejected) as error:
        media.read_image_file(tmp_path, "images/missing.jpg")
    assert str(error.value.reason) == "file not found"


def test_huge_import_file_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as file:
        file.truncate(1024 ** 3)  # a sparse 1 GiB file: no disk used
    tracemalloc.start()
    try:
        with pytest.raises(media.ImageRejected) as error:
            media.read_image_file(tmp_path, "huge.jpg")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(error.value.reason) == "The image is larger than 15 MB."
    assert peak < 1024 * 1024  # reading even up to the limit would take 15 MB
