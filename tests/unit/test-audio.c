#include "unit.h"

#include "probe/audio.h"
#include "probe/containers.h"

static void test_units(void **state)
{
    (void)state;
    assert_true(audio_unit_conflicts("pipewire-pulse.socket"));
    assert_true(audio_unit_conflicts("wireplumber.service"));
    assert_false(audio_unit_conflicts("pipewire-media-session.service"));
    assert_false(audio_unit_conflicts("dbus.service"));
}

static void test_audio_fixtures(void **state)
{
    (void)state;
    struct rootfs *r;
    struct audio_info a;
    assert_int_equal(rootfs_new("tests/roots/wsl2-broken", &r), 0);
    audio_read(r, &a);
    assert_true(a.wslg_dir && a.pulse_socket);
    assert_int_equal(a.n_enabled, 5); /* dangling absolute links still count as enabled */
    assert_int_equal(a.n_users, 1);
    assert_int_equal(a.n_masked_by, 0);
    rootfs_free(r);

    assert_int_equal(rootfs_new("tests/roots/wsl2-idle-cache", &r), 0);
    audio_read(r, &a);
    assert_false(a.wslg_dir);
    assert_false(a.pulse_socket);
    rootfs_free(r);
}

/* A user who ran the three systemctl --user commands has every unit masked. */
static void test_masked_user(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "mnt/wslg/PulseServer", "");
    char p[4200], t[4200];
    static const char *const units[] = {"pipewire.service", "pipewire-pulse.socket"};
    unit_write(dir, "home/ana/.config/systemd/user/.keep", "");
    unit_write(dir, "home/bob/.keep", "");
    snprintf(p, sizeof(p), "%s/etc/systemd/user/default.target.wants", dir);
    unit_write(dir, "etc/systemd/user/default.target.wants/.keep", "");
    for (size_t i = 0; i < 2; i++) {
        snprintf(p, sizeof(p), "%s/etc/systemd/user/default.target.wants/%s", dir, units[i]);
        snprintf(t, sizeof(t), "/usr/lib/systemd/user/%s", units[i]);
        assert_int_equal(symlink(t, p), 0);
        snprintf(p, sizeof(p), "%s/home/ana/.config/systemd/user/%s", dir, units[i]);
        assert_int_equal(symlink("/dev/null", p), 0);
    }
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct audio_info a;
    audio_read(r, &a);
    assert_int_equal(a.n_enabled, 2);
    assert_int_equal(a.n_users, 2);
    assert_int_equal(a.n_masked_by, 1);
    assert_string_equal(a.masked_by[0], "ana");
    rootfs_free(r);
    unit_rmrf(dir);
}

static void test_containers_fixtures(void **state)
{
    (void)state;
    struct rootfs *r;
    struct containers_info c;
    assert_int_equal(rootfs_new("tests/roots/wsl2-broken", &r), 0);
    containers_read(r, &c);
    assert_true(c.docker_desktop);
    assert_string_equal(c.docker_desktop_evidence, "/mnt/wsl/docker-desktop exists");
    assert_true(c.podman_machine);
    rootfs_free(r);
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    containers_read(r, &c);
    assert_false(c.docker_desktop);
    assert_false(c.podman_machine);
    rootfs_free(r);
    /* the docker CLI linking into the integration's tools is enough */
    char *dir = unit_tmpdir();
    char p[4200];
    unit_write(dir, "usr/bin/.keep", "");
    snprintf(p, sizeof(p), "%s/usr/bin/docker", dir);
    assert_int_equal(symlink("/mnt/wsl/docker-desktop/cli-tools/usr/bin/docker", p), 0);
    assert_int_equal(rootfs_new(dir, &r), 0);
    containers_read(r, &c);
    assert_true(c.docker_desktop);
    assert_non_null(
        strstr(c.docker_desktop_evidence, "/usr/bin/docker -> /mnt/wsl/docker-desktop/"));
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_audio_fixtures),
        cmocka_unit_test(test_masked_user),
        cmocka_unit_test(test_containers_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
