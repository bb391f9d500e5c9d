package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The container a process runs in, from what the kernel shows it, under cgroup v1 and v2. */
class OwnContainerTest {

  static final String ID = "4f1c2b9e0d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c";

  @Test
  void cgroupV1NamesTheContainer() {
    String cgroup = "12:memory:/docker/" + ID + "\n11:cpu,cpuacct:/docker/" + ID + "\n";
    assertEquals(Optional.of(ID), OwnContainer.idFrom(cgroup, ""));
  }

  @Test
  void cgroupV2LeavesTheMountsDockerMadeFromItsFolder() {
    String mountinfo = "642 620 8:1 /var/lib/docker/containers/" + ID + "/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw\n";
    assertEquals(Optional.of(ID), OwnContainer.idFrom("0::/\n", mountinfo));
  }

  @Test
  void aProcessOnTheHostIsInNoContainer() {
    assertEquals(Optional.empty(), OwnContainer.idFrom("0::/user.slice/user-0.slice\n",
        "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"));
  }
}
