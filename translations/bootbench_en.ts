<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>BundleProblemText</name>
    <message>
        <source>Empty (no imaging work)</source>
        <translation>Empty (no imaging work)</translation>
    </message>
    <message>
        <source>Imaging script</source>
        <translation>Imaging script</translation>
    </message>
    <message>
        <source>Vendor image: restore</source>
        <translation>Vendor image: restore</translation>
    </message>
    <message>
        <source>Vendor image: take</source>
        <translation>Vendor image: take</translation>
    </message>
    <message>
        <source>Third-party image (WinPE)</source>
        <translation>Third-party image (WinPE)</translation>
    </message>
    <message>
        <source>Multicast image set</source>
        <translation>Multicast image set</translation>
    </message>
    <message>
        <source>Run a script</source>
        <translation>Run a script</translation>
    </message>
    <message>
        <source>Restore an image</source>
        <translation>Restore an image</translation>
    </message>
    <message>
        <source>Take an image</source>
        <translation>Take an image</translation>
    </message>
    <message>
        <source>Boot WinPE</source>
        <translation>Boot WinPE</translation>
    </message>
    <message>
        <source>Multicast session</source>
        <translation>Multicast session</translation>
    </message>
    <message>
        <source>Enter a name for the bundle.</source>
        <translation>Enter a name for the bundle.</translation>
    </message>
    <message>
        <source>Remove the spaces at the start or end of the name.</source>
        <translation>Remove the spaces at the start or end of the name.</translation>
    </message>
    <message>
        <source>The name may not contain &apos;/&apos; or control characters.</source>
        <translation>The name may not contain &apos;/&apos; or control characters.</translation>
    </message>
    <message>
        <source>Kernel parameters must be on one line.</source>
        <translation>Kernel parameters must be on one line.</translation>
    </message>
    <message>
        <source>This kind of bundle needs an action: add one.</source>
        <translation>This kind of bundle needs an action: add one.</translation>
    </message>
    <message>
        <source>This kind of bundle holds exactly one action: remove the others.</source>
        <translation>This kind of bundle holds exactly one action: remove the others.</translation>
    </message>
    <message>
        <source>This action does not fit a bundle of this kind: remove it or change the kind.</source>
        <translation>This action does not fit a bundle of this kind: remove it or change the kind.</translation>
    </message>
    <message>
        <source>Write the script the imaging environment runs.</source>
        <translation>Write the script the imaging environment runs.</translation>
    </message>
    <message>
        <source>Enter the name of the image to create.</source>
        <translation>Enter the name of the image to create.</translation>
    </message>
    <message>
        <source>Choose an image from the image store.</source>
        <translation>Choose an image from the image store.</translation>
    </message>
    <message>
        <source>Use a plain file name: no &apos;/&apos;, &apos;\&apos; or leading &apos;.&apos;.</source>
        <translation>Use a plain file name: no &apos;/&apos;, &apos;\&apos; or leading &apos;.&apos;.</translation>
    </message>
    <message>
        <source>The image&apos;s checksum is not known yet.</source>
        <translation>The image&apos;s checksum is not known yet.</translation>
    </message>
    <message>
        <source>Enter a device path (/dev/sda, /dev/nvme0n1) or a disk number (0 is the first disk).</source>
        <translation>Enter a device path (/dev/sda, /dev/nvme0n1) or a disk number (0 is the first disk).</translation>
    </message>
    <message>
        <source>Enter partition numbers separated by commas (e.g. 1,2), or leave empty for all.</source>
        <translation>Enter partition numbers separated by commas (e.g. 1,2), or leave empty for all.</translation>
    </message>
    <message>
        <source>Choose the folder that holds the WinPE files.</source>
        <translation>Choose the folder that holds the WinPE files.</translation>
    </message>
    <message>
        <source>Choose this file from the folder.</source>
        <translation>Choose this file from the folder.</translation>
    </message>
    <message>
        <source>Between 1 and 1000 machines.</source>
        <translation>Between 1 and 1000 machines.</translation>
    </message>
    <message>
        <source>Between 0 and 86400 seconds.</source>
        <translation>Between 0 and 86400 seconds.</translation>
    </message>
    <message>
        <source>This image is not in the image store any more: choose another or copy it back.</source>
        <translation>This image is not in the image store any more: choose another or copy it back.</translation>
    </message>
    <message>
        <source>This folder does not exist.</source>
        <translation>This folder does not exist.</translation>
    </message>
    <message>
        <source>This file is not in the folder.</source>
        <translation>This file is not in the folder.</translation>
    </message>
</context>
<context>
    <name>EditorPages</name>
    <message>
        <source>Bundles</source>
        <translation>Bundles</translation>
    </message>
    <message>
        <source>Assignments</source>
        <translation>Assignments</translation>
    </message>
    <message>
        <source>Hardware rules</source>
        <translation>Hardware rules</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Preboot menu</source>
        <translation>Preboot menu</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
</context>
<context>
    <name>MenuDiagnosticText</name>
    <message>
        <source>the title text</source>
        <translation>the title text</translation>
    </message>
    <message>
        <source>a number of seconds</source>
        <translation>a number of seconds</translation>
    </message>
    <message>
        <source>the id of an entry</source>
        <translation>the id of an entry</translation>
    </message>
    <message>
        <source>a password hash</source>
        <translation>a password hash</translation>
    </message>
    <message>
        <source>the id of a menu</source>
        <translation>the id of a menu</translation>
    </message>
    <message>
        <source>an id, a label and an action</source>
        <translation>an id, a label and an action</translation>
    </message>
    <message>
        <source>a label and an action</source>
        <translation>a label and an action</translation>
    </message>
    <message>
        <source>an action (%1)</source>
        <translation>an action (%1)</translation>
    </message>
    <message>
        <source>the name of a bundle</source>
        <translation>the name of a bundle</translation>
    </message>
    <message>
        <source>one letter or digit after &quot;key&quot;</source>
        <translation>one letter or digit after &quot;key&quot;</translation>
    </message>
    <message>
        <source>This quoted text has no closing &quot;; add one at its end.</source>
        <translation>This quoted text has no closing &quot;; add one at its end.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not allowed inside quotes; only \&quot; and \\ are.</source>
        <translation>&quot;%1&quot; is not allowed inside quotes; only \&quot; and \\ are.</translation>
    </message>
    <message>
        <source>Unknown directive &quot;%1&quot;: a line starts with title, timeout, default, password, item, separator or menu (or # for a comment).</source>
        <translation>Unknown directive &quot;%1&quot;: a line starts with title, timeout, default, password, item, separator or menu (or # for a comment).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs %2.</source>
        <translation>&quot;%1&quot; needs %2.</translation>
    </message>
    <message>
        <source>Unexpected &quot;%2&quot; after %1; put text with spaces in double quotes.</source>
        <translation>Unexpected &quot;%2&quot; after %1; put text with spaces in double quotes.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is given twice in this menu (first on line %2); keep one.</source>
        <translation>&quot;%1&quot; is given twice in this menu (first on line %2); keep one.</translation>
    </message>
    <message>
        <source>Time-out &quot;%1&quot; is not a whole number of seconds from 0 to %2.</source>
        <translation>Time-out &quot;%1&quot; is not a whole number of seconds from 0 to %2.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id: use 1 to %2 letters, digits, _ or -.</source>
        <translation>&quot;%1&quot; is not a valid id: use 1 to %2 letters, digits, _ or -.</translation>
    </message>
    <message>
        <source>The entry id &quot;%1&quot; is already used on line %2; ids must be unique in the file.</source>
        <translation>The entry id &quot;%1&quot; is already used on line %2; ids must be unique in the file.</translation>
    </message>
    <message>
        <source>&quot;main&quot; is the menu at the top of the file; give this submenu another id.</source>
        <translation>&quot;main&quot; is the menu at the top of the file; give this submenu another id.</translation>
    </message>
    <message>
        <source>The menu &quot;%1&quot; is already defined on line %2.</source>
        <translation>The menu &quot;%1&quot; is already defined on line %2.</translation>
    </message>
    <message>
        <source>Unknown action &quot;%1&quot;; use one of: %2 (labels with spaces go in double quotes).</source>
        <translation>Unknown action &quot;%1&quot;; use one of: %2 (labels with spaces go in double quotes).</translation>
    </message>
    <message>
        <source>The default &quot;%1&quot; is not an entry of the menu &quot;%2&quot;.</source>
        <translation>The default &quot;%1&quot; is not an entry of the menu &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>No menu &quot;%1&quot; is defined; add a &quot;menu %1 TITLE&quot; section.</source>
        <translation>No menu &quot;%1&quot; is defined; add a &quot;menu %1 TITLE&quot; section.</translation>
    </message>
    <message>
        <source>The password protects the whole menu: move it above the first &quot;menu&quot; line.</source>
        <translation>The password protects the whole menu: move it above the first &quot;menu&quot; line.</translation>
    </message>
    <message>
        <source>The password must be a hash (pbkdf2-sha256$…), never the password itself: set passwords in the menu settings.</source>
        <translation>The password must be a hash (pbkdf2-sha256$…), never the password itself: set passwords in the menu settings.</translation>
    </message>
    <message>
        <source>The menu &quot;%1&quot; has no entry to choose; add an &quot;item&quot; line.</source>
        <translation>The menu &quot;%1&quot; has no entry to choose; add an &quot;item&quot; line.</translation>
    </message>
    <message>
        <source>The entry &quot;%1&quot; has an empty label.</source>
        <translation>The entry &quot;%1&quot; has an empty label.</translation>
    </message>
    <message>
        <source>The menu &quot;%1&quot; is never opened: no entry has &quot;submenu %1&quot;.</source>
        <translation>The menu &quot;%1&quot; is never opened: no entry has &quot;submenu %1&quot;.</translation>
    </message>
    <message>
        <source>The label of &quot;%1&quot; has %2 characters and is cut on an 80-column screen.</source>
        <translation>The label of &quot;%1&quot; has %2 characters and is cut on an 80-column screen.</translation>
    </message>
    <message>
        <source>&quot;back&quot; in the main menu only shows the main menu again.</source>
        <translation>&quot;back&quot; in the main menu only shows the main menu again.</translation>
    </message>
    <message>
        <source>No bundle named &quot;%1&quot; exists (yet).</source>
        <translation>No bundle named &quot;%1&quot; exists (yet).</translation>
    </message>
    <message>
        <source>The hotkey &quot;%1&quot; must be one letter or digit, e.g. &quot;key s&quot;.</source>
        <translation>The hotkey &quot;%1&quot; must be one letter or digit, e.g. &quot;key s&quot;.</translation>
    </message>
    <message>
        <source>The hotkey &quot;%1&quot; is already used in this menu on line %2; give each entry its own.</source>
        <translation>The hotkey &quot;%1&quot; is already used in this menu on line %2; give each entry its own.</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>warning</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3: %4</source>
        <translation>Line %1, column %2: %3: %4</translation>
    </message>
</context>
<context>
    <name>bootbench::Application</name>
    <message>
        <source>Try &quot;bootbench --help&quot;.</source>
        <translation>Try &quot;bootbench --help&quot;.</translation>
    </message>
    <message>
        <source>No display found: starting the headless service host (bootbench serve).</source>
        <translation>No display found: starting the headless service host (bootbench serve).</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;</source>
        <translation>unknown command &quot;%1&quot;</translation>
    </message>
    <message>
        <source>cannot create the data folder %1</source>
        <translation>cannot create the data folder %1</translation>
    </message>
    <message>
        <source>cannot create the TFTP root %1</source>
        <translation>cannot create the TFTP root %1</translation>
    </message>
    <message>
        <source>warning: a password in --db shows in the process list; leave it out and set PGPASSWORD or use a password file (~/.pgpass or PGPASSFILE), see docs/shared-store.md</source>
        <translation>warning: a password in --db shows in the process list; leave it out and set PGPASSWORD or use a password file (~/.pgpass or PGPASSFILE), see docs/shared-store.md</translation>
    </message>
</context>
<context>
    <name>bootbench::AssignDialog</name>
    <message>
        <source>&amp;Once: cleared after the work succeeds (the device then boots its own disk)</source>
        <translation>&amp;Once: cleared after the work succeeds (the device then boots its own disk)</translation>
    </message>
    <message>
        <source>&amp;Persistent: the work runs on every network boot</source>
        <translation>&amp;Persistent: the work runs on every network boot</translation>
    </message>
    <message>
        <source>Assign a bundle</source>
        <translation>Assign a bundle</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s): %1</source>
        <translation>
            <numerusform>%n device: %1</numerusform>
            <numerusform>%n devices: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Bundle:</source>
        <translation>&amp;Bundle:</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>&amp;Assign</translation>
    </message>
    <message>
        <source>There is no bundle yet: create one on the Bundles page.</source>
        <translation>There is no bundle yet: create one on the Bundles page.</translation>
    </message>
</context>
<context>
    <name>bootbench::AssignmentsEditor</name>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>&amp;Once (cleared after success)</source>
        <translation>&amp;Once (cleared after success)</translation>
    </message>
    <message>
        <source>&amp;Persistent</source>
        <translation>&amp;Persistent</translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation>&amp;Assign…</translation>
    </message>
    <message>
        <source>&amp;Reset to pending</source>
        <translation>&amp;Reset to pending</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>&amp;Unassign</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC address</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Assigned</translation>
    </message>
    <message>
        <source>Assign a bundle to the selected devices</source>
        <translation>Assign a bundle to the selected devices</translation>
    </message>
    <message>
        <source>Devices (select, then drag onto a bundle)</source>
        <translation>Devices (select, then drag onto a bundle)</translation>
    </message>
    <message>
        <source>Bundles (drop devices here)</source>
        <translation>Bundles (drop devices here)</translation>
    </message>
    <message>
        <source>A drop assigns:</source>
        <translation>A drop assigns:</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>Bundle</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Finished</translation>
    </message>
    <message>
        <source>Assignments</source>
        <translation>Assignments</translation>
    </message>
    <message>
        <source>Cannot read the store: %1</source>
        <translation>Cannot read the store: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n device(s)</source>
        <translation>
            <numerusform>%1 — %n device</numerusform>
            <numerusform>%1 — %n devices</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop devices here to assign &quot;%1&quot; to them</source>
        <translation>Drop devices here to assign &quot;%1&quot; to them</translation>
    </message>
    <message>
        <source>persistent</source>
        <translation>persistent</translation>
    </message>
    <message>
        <source>once</source>
        <translation>once</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <source>This replaces the work assigned to %n device(s):</source>
        <translation>
            <numerusform>This replaces the work assigned to %n device:</numerusform>
            <numerusform>This replaces the work assigned to %n devices:</numerusform>
        </translation>
    </message>
    <message>
        <source>Imaging is running on at least one of them: replacing its work does not stop it.</source>
        <translation>Imaging is running on at least one of them: replacing its work does not stop it.</translation>
    </message>
    <message>
        <source>Replace assignments</source>
        <translation>Replace assignments</translation>
    </message>
    <message>
        <source>Nothing assigned: %1</source>
        <translation>Nothing assigned: %1</translation>
    </message>
    <message numerus="yes">
        <source>Assigned &quot;%1&quot; to %n device(s), persistent.</source>
        <translation>
            <numerusform>Assigned &quot;%1&quot; to %n device, persistent.</numerusform>
            <numerusform>Assigned &quot;%1&quot; to %n devices, persistent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assigned &quot;%1&quot; to %n device(s), once.</source>
        <translation>
            <numerusform>Assigned &quot;%1&quot; to %n device, once.</numerusform>
            <numerusform>Assigned &quot;%1&quot; to %n devices, once.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing reset: %1</source>
        <translation>Nothing reset: %1</translation>
    </message>
    <message>
        <source>The selected assignments are pending already.</source>
        <translation>The selected assignments are pending already.</translation>
    </message>
    <message numerus="yes">
        <source>%n assignment(s) reset to pending: the work runs at the next network boot.</source>
        <translation>
            <numerusform>%n assignment reset to pending: the work runs at the next network boot.</numerusform>
            <numerusform>%n assignments reset to pending: the work runs at the next network boot.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>Unassign</translation>
    </message>
    <message numerus="yes">
        <source>Remove the work assigned to %n device(s)?</source>
        <translation>
            <numerusform>Remove the work assigned to %n device?</numerusform>
            <numerusform>Remove the work assigned to %n devices?</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing unassigned: %1</source>
        <translation>Nothing unassigned: %1</translation>
    </message>
    <message numerus="yes">
        <source>Unassigned %n device(s).</source>
        <translation>
            <numerusform>Unassigned %n device.</numerusform>
            <numerusform>Unassigned %n devices.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bootbench::BundleCommand</name>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>KIND</translation>
    </message>
    <message>
        <source>KERNEL PARAMETERS</source>
        <translation>KERNEL PARAMETERS</translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation>DESCRIPTION</translation>
    </message>
    <message>
        <source>there is no bundle named &quot;%1&quot;</source>
        <translation>there is no bundle named &quot;%1&quot;</translation>
    </message>
    <message>
        <source>name: %1
kind: %2
kernel parameters: %3
description: %4
assigned to: %5
used by rules: %6
</source>
        <translation>name: %1
kind: %2
kernel parameters: %3
description: %4
assigned to: %5
used by rules: %6
</translation>
    </message>
    <message>
        <source>unknown bundle kind &quot;%1&quot; (known: %2)</source>
        <translation>unknown bundle kind &quot;%1&quot; (known: %2)</translation>
    </message>
    <message>
        <source>added bundle %1 (%2)</source>
        <translation>added bundle %1 (%2)</translation>
    </message>
    <message>
        <source>removed bundle %1</source>
        <translation>removed bundle %1</translation>
    </message>
    <message>
        <source>choose one of --once and --persistent</source>
        <translation>choose one of --once and --persistent</translation>
    </message>
    <message>
        <source>assigned %1 to %2 (%3)</source>
        <translation>assigned %1 to %2 (%3)</translation>
    </message>
    <message>
        <source>persistent</source>
        <translation>persistent</translation>
    </message>
    <message>
        <source>once</source>
        <translation>once</translation>
    </message>
    <message>
        <source>unassigned %1</source>
        <translation>unassigned %1</translation>
    </message>
    <message>
        <source>a bundle of kind &quot;%1&quot; cannot hold a script (--script needs --kind script or image-restore)</source>
        <translation>a bundle of kind &quot;%1&quot; cannot hold a script (--script needs --kind script or image-restore)</translation>
    </message>
    <message>
        <source>cannot read the script %1: %2</source>
        <translation>cannot read the script %1: %2</translation>
    </message>
    <message>
        <source>the script %1 is empty</source>
        <translation>the script %1 is empty</translation>
    </message>
    <message>
        <source>--image needs --kind image-take or image-restore</source>
        <translation>--image needs --kind image-take or image-restore</translation>
    </message>
</context>
<context>
    <name>bootbench::BundleForm</name>
    <message>
        <source>e.g. win11-lab</source>
        <translation>e.g. win11-lab</translation>
    </message>
    <message>
        <source>What the bundle is for (shown to technicians only)</source>
        <translation>What the bundle is for (shown to technicians only)</translation>
    </message>
    <message>
        <source>extra kernel command line, e.g. quiet nomodeset</source>
        <translation>extra kernel command line, e.g. quiet nomodeset</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Description:</translation>
    </message>
    <message>
        <source>Kernel &amp;parameters:</source>
        <translation>Kernel &amp;parameters:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Run this action earlier</source>
        <translation>Run this action earlier</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>Run this action later</source>
        <translation>Run this action later</translation>
    </message>
    <message>
        <source>Run in this order:</source>
        <translation>Run in this order:</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>An empty bundle has no imaging work: a device it is assigned to boots its own disk. Use it to hold a place or to stop imaging for some devices.</source>
        <translation>An empty bundle has no imaging work: a device it is assigned to boots its own disk. Use it to hold a place or to stop imaging for some devices.</translation>
    </message>
    <message>
        <source>No action yet: add one.</source>
        <translation>No action yet: add one.</translation>
    </message>
    <message>
        <source>Bootbench does not know the action &quot;%1&quot;: remove it.</source>
        <translation>Bootbench does not know the action &quot;%1&quot;: remove it.</translation>
    </message>
    <message>
        <source>A bundle named &quot;%1&quot; exists already: choose another name.</source>
        <translation>A bundle named &quot;%1&quot; exists already: choose another name.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix before saving; the first: %1</source>
        <translation>
            <numerusform>%n problem to fix before saving; the first: %1</numerusform>
            <numerusform>%n problems to fix before saving; the first: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Action %1: %2</source>
        <translation>Action %1: %2</translation>
    </message>
</context>
<context>
    <name>bootbench::BundlesEditor</name>
    <message>
        <source>&amp;New bundle</source>
        <translation>&amp;New bundle</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Delete…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Revert</translation>
    </message>
    <message>
        <source>Imaging bundles:</source>
        <translation>Imaging bundles:</translation>
    </message>
    <message>
        <source>Cannot read the bundles: %1</source>
        <translation>Cannot read the bundles: %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>The bundle &quot;%1&quot; has changes that are not saved. Discard them?</source>
        <translation>The bundle &quot;%1&quot; has changes that are not saved. Discard them?</translation>
    </message>
    <message>
        <source>New bundle: give it a name and its actions, then save.</source>
        <translation>New bundle: give it a name and its actions, then save.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>Saved &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Cannot check where &quot;%1&quot; is used: %2</source>
        <translation>Cannot check where &quot;%1&quot; is used: %2</translation>
    </message>
    <message>
        <source>Delete the bundle &quot;%1&quot;? It is not assigned to any device nor used by any rule.</source>
        <translation>Delete the bundle &quot;%1&quot;? It is not assigned to any device nor used by any rule.</translation>
    </message>
    <message numerus="yes">
        <source>It is assigned to %n device(s): %1.</source>
        <translation>
            <numerusform>It is assigned to %n device: %1.</numerusform>
            <numerusform>It is assigned to %n devices: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It is used by %n hardware rule(s): %1.</source>
        <translation>
            <numerusform>It is used by %n hardware rule: %1.</numerusform>
            <numerusform>It is used by %n hardware rules: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the bundle &quot;%1&quot;?</source>
        <translation>Delete the bundle &quot;%1&quot;?</translation>
    </message>
    <message>
        <source>Deleting it also removes these assignments and rules.</source>
        <translation>Deleting it also removes these assignments and rules.</translation>
    </message>
    <message>
        <source>Delete bundle</source>
        <translation>Delete bundle</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>Not deleted: %1</translation>
    </message>
    <message>
        <source>Deleted &quot;%1&quot;.</source>
        <translation>Deleted &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>bootbench::CommandLine</name>
    <message>
        <source>usage: </source>
        <translation>usage: </translation>
    </message>
    <message>
        <source>--%1 needs a port number 1-65535, not &quot;%2&quot;</source>
        <translation>--%1 needs a port number 1-65535, not &quot;%2&quot;</translation>
    </message>
    <message>
        <source>Folder for the store, the TFTP root and logs.</source>
        <translation>Folder for the store, the TFTP root and logs.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Database URL: a SQLite file (default &lt;data dir&gt;/bootbench.db) or postgresql://user:pw@host/db.</source>
        <translation>Database URL: a SQLite file (default &lt;data dir&gt;/bootbench.db) or postgresql://user:pw@host/db.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>INI file with service settings (same names as the options below).</source>
        <translation>INI file with service settings (same names as the options below).</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Language of the interface: ja or en (default: the system&apos;s).</source>
        <translation>Language of the interface: ja or en (default: the system&apos;s).</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>The one network interface the DHCP services answer on.</source>
        <translation>The one network interface the DHCP services answer on.</translation>
    </message>
    <message>
        <source>IF</source>
        <translation>IF</translation>
    </message>
    <message>
        <source>Our IPv4 address on that interface (TFTP, HTTP, DHCP server id).</source>
        <translation>Our IPv4 address on that interface (TFTP, HTTP, DHCP server id).</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Services to run: comma-separated from proxydhcp, dhcp, tftp, policy; or none.</source>
        <translation>Services to run: comma-separated from proxydhcp, dhcp, tftp, policy; or none.</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>LIST</translation>
    </message>
    <message>
        <source>Phase-1 variant: proxy (another DHCP server exists) or server (Bootbench hands out addresses too).</source>
        <translation>Phase-1 variant: proxy (another DHCP server exists) or server (Bootbench hands out addresses too).</translation>
    </message>
    <message>
        <source>MODE</source>
        <translation>MODE</translation>
    </message>
    <message>
        <source>Address pool of the bench DHCP server.</source>
        <translation>Address pool of the bench DHCP server.</translation>
    </message>
    <message>
        <source>FIRST-LAST</source>
        <translation>FIRST-LAST</translation>
    </message>
    <message>
        <source>Folder served by TFTP (default &lt;data dir&gt;/tftp).</source>
        <translation>Folder served by TFTP (default &lt;data dir&gt;/tftp).</translation>
    </message>
    <message>
        <source>TFTP port (default 69).</source>
        <translation>TFTP port (default 69).</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>DHCP/proxyDHCP port (default 67).</source>
        <translation>DHCP/proxyDHCP port (default 67).</translation>
    </message>
    <message>
        <source>PXE boot-server port (default 4011).</source>
        <translation>PXE boot-server port (default 4011).</translation>
    </message>
    <message>
        <source>Policy service HTTP port (default 8080).</source>
        <translation>Policy service HTTP port (default 8080).</translation>
    </message>
    <message>
        <source>Management commands: print JSON.</source>
        <translation>Management commands: print JSON.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>bundle add: the bundle kind.</source>
        <translation>bundle add: the bundle kind.</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>KIND</translation>
    </message>
    <message>
        <source>bundle add: kernel parameters.</source>
        <translation>bundle add: kernel parameters.</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>bundle add: a description.</source>
        <translation>bundle add: a description.</translation>
    </message>
    <message>
        <source>assign: cleared after success (default).</source>
        <translation>assign: cleared after success (default).</translation>
    </message>
    <message>
        <source>assign: kept after success.</source>
        <translation>assign: kept after success.</translation>
    </message>
    <message>
        <source>rule add: the bundle the rule assigns.</source>
        <translation>rule add: the bundle the rule assigns.</translation>
    </message>
    <message>
        <source>rule add: a criterion &quot;FIELD OP VALUE&quot; (repeatable).</source>
        <translation>rule add: a criterion &quot;FIELD OP VALUE&quot; (repeatable).</translation>
    </message>
    <message>
        <source>CRITERION</source>
        <translation>CRITERION</translation>
    </message>
    <message>
        <source>rule add: combine the criteria with OR (default AND).</source>
        <translation>rule add: combine the criteria with OR (default AND).</translation>
    </message>
    <message>
        <source>rule add: NOT the combined criteria.</source>
        <translation>rule add: NOT the combined criteria.</translation>
    </message>
    <message>
        <source>rule add: add the rule disabled.</source>
        <translation>rule add: add the rule disabled.</translation>
    </message>
    <message>
        <source>device events: every device&apos;s events.</source>
        <translation>device events: every device&apos;s events.</translation>
    </message>
    <message>
        <source>replay: speed factor (default 1).</source>
        <translation>replay: speed factor (default 1).</translation>
    </message>
    <message>
        <source>The command (see above); none opens the window.</source>
        <translation>The command (see above); none opens the window.</translation>
    </message>
    <message>
        <source>[command]</source>
        <translation>[command]</translation>
    </message>
    <message>
        <source>--lang must be ja or en, not &quot;%1&quot;</source>
        <translation>--lang must be ja or en, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>the configuration file %1 does not exist</source>
        <translation>the configuration file %1 does not exist</translation>
    </message>
    <message>
        <source>cannot read the configuration file %1</source>
        <translation>cannot read the configuration file %1</translation>
    </message>
    <message>
        <source>--address needs an IPv4 address, not &quot;%1&quot;</source>
        <translation>--address needs an IPv4 address, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--dhcp-mode must be proxy or server, not &quot;%1&quot;</source>
        <translation>--dhcp-mode must be proxy or server, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Bench DHCP server: do not answer IPv6 router solicitations with &quot;no router here&quot; (then iPXE waits ~16 s for IPv6 on every boot unless a router answers). In a --config file: no-router-advertisements=true.</source>
        <translation>Bench DHCP server: do not answer IPv6 router solicitations with &quot;no router here&quot; (then iPXE waits ~16 s for IPv6 on every boot unless a router answers). In a --config file: no-router-advertisements=true.</translation>
    </message>
    <message>
        <source>Port of the image downloads and uploads (default: HTTP port + 1).</source>
        <translation>Port of the image downloads and uploads (default: HTTP port + 1).</translation>
    </message>
    <message>
        <source>Largest image upload accepted, in MiB (default 524288).</source>
        <translation>Largest image upload accepted, in MiB (default 524288).</translation>
    </message>
    <message>
        <source>no-router-advertisements must be true or false, not &quot;%1&quot;</source>
        <translation>no-router-advertisements must be true or false, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>--max-upload-mb needs a number of MiB, not &quot;%1&quot;</source>
        <translation>--max-upload-mb needs a number of MiB, not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>bundle add: a file whose text becomes the bundle&apos;s script action.</source>
        <translation>bundle add: a file whose text becomes the bundle&apos;s script action.</translation>
    </message>
    <message>
        <source>bundle add: the folder image an image-take takes or an image-restore restores.</source>
        <translation>bundle add: the folder image an image-take takes or an image-restore restores.</translation>
    </message>
    <message>
        <source>IMAGE</source>
        <translation>IMAGE</translation>
    </message>
    <message>
        <source>bundle add: the disk of the image action (auto: the only or largest fixed disk).</source>
        <translation>bundle add: the disk of the image action (auto: the only or largest fixed disk).</translation>
    </message>
    <message>
        <source>DISK</source>
        <translation>DISK</translation>
    </message>
    <message>
        <source>bundle add: the image-take may replace an existing image.</source>
        <translation>bundle add: the image-take may replace an existing image.</translation>
    </message>
    <message>
        <source>Bootstrap for a client architecture, e.g. 7=snponly.efi for iPXE instead of the signed shim on x64 UEFI (repeatable; defaults 0=undionly.kpxe, 7/9/16=shimx64.efi).</source>
        <translation>Bootstrap for a client architecture, e.g. 7=snponly.efi for iPXE instead of the signed shim on x64 UEFI (repeatable; defaults 0=undionly.kpxe, 7/9/16=shimx64.efi).</translation>
    </message>
    <message>
        <source>ARCH=FILE</source>
        <translation>ARCH=FILE</translation>
    </message>
    <message>
        <source>--boot-file needs ARCH=FILE (e.g. 7=snponly.efi), not &quot;%1&quot;</source>
        <translation>--boot-file needs ARCH=FILE (e.g. 7=snponly.efi), not &quot;%1&quot;</translation>
    </message>
    <message>
        <source>This bench&apos;s name in a shared store (its events and changes carry it; default: the host name).</source>
        <translation>This bench&apos;s name in a shared store (its events and changes carry it; default: the host name).</translation>
    </message>
    <message>
        <source>environment: the bootbench-engine file to put in the imaging environment (default: next to bootbench in a build tree, else /usr/lib/bootbench/bootbench-engine).</source>
        <translation>environment: the bootbench-engine file to put in the imaging environment (default: next to bootbench in a build tree, else /usr/lib/bootbench/bootbench-engine).</translation>
    </message>
    <message>
        <source>serve and the window: do not build the imaging environment at start when it is missing or stale.</source>
        <translation>serve and the window: do not build the imaging environment at start when it is missing or stale.</translation>
    </message>
    <message>
        <source>Bootbench: network boot and imaging for a bench of PCs.

Without a command, opens the window. Commands:
  serve                               run the services headless until SIGINT/SIGTERM
  device list | show MAC | add MAC [--name NAME] | remove MAC
  device events MAC | device events --all    a device&apos;s (or every) boot events
  bundle list | show NAME | remove NAME
  bundle add NAME --kind empty|script|image-restore|image-take|winpe|multicast
             [--kernel-params &quot;...&quot;] [--description TEXT] [--script FILE]
             [--image IMAGE [--disk auto|/dev/NAME] [--overwrite]]   folder image (docs/images.md)
  device token MAC                    the device&apos;s engine token (bootbench.token=)
  assign MAC BUNDLE [--once|--persistent]     unassign MAC
  image list | show NAME | verify NAME | remove NAME    folder images (docs/images.md)
  image import DIR [--name NAME] | export NAME DIR   Bootbench, Clonezilla or FOG image folders
  environment build | status [--engine FILE]   the imaging environment in boot/ (docs/environment.md)
  rule list | remove ID | move ID POSITION
  rule add --bundle NAME --match &quot;FIELD OP VALUE&quot; [--match ...] [--any] [--negate] [--name N] [--disabled]
           FIELD: mac manufacturer model serial asset-tag architecture ram-mb disk-mb
           OP: contains equals starts-with (text), equals lt le gt ge (ram-mb, disk-mb in MB)
  menu check FILE | import FILE | export [FILE]   the pxemenu.txt Preboot Menu
  menu hash-password                  hash a menu password read from standard input
  export FILE | import FILE               the whole configuration as JSON
  replay FILE [--speed N]                 play a recorded event log into the window

Global options may come before or after the command. Management commands take --json.</source>
        <translation>Bootbench: network boot and imaging for a bench of PCs.

Without a command, opens the window. Commands:
  serve                               run the services headless until SIGINT/SIGTERM
  device list | show MAC | add MAC [--name NAME] | remove MAC
  device events MAC | device events --all    a device&apos;s (or every) boot events
  bundle list | show NAME | remove NAME
  bundle add NAME --kind empty|script|image-restore|image-take|winpe|multicast
             [--kernel-params &quot;...&quot;] [--description TEXT] [--script FILE]
             [--image IMAGE [--disk auto|/dev/NAME] [--overwrite]]   folder image (docs/images.md)
  device token MAC                    the device&apos;s engine token (bootbench.token=)
  assign MAC BUNDLE [--once|--persistent]     unassign MAC
  image list | show NAME | verify NAME | remove NAME    folder images (docs/images.md)
  image import DIR [--name NAME] | export NAME DIR   Bootbench, Clonezilla or FOG image folders
  environment build | status [--engine FILE]   the imaging environment in boot/ (docs/environment.md)
  rule list | remove ID | move ID POSITION
  rule add --bundle NAME --match &quot;FIELD OP VALUE&quot; [--match ...] [--any] [--negate] [--name N] [--disabled]
           FIELD: mac manufacturer model serial asset-tag architecture ram-mb disk-mb
           OP: contains equals starts-with (text), equals lt le gt ge (ram-mb, disk-mb in MB)
  menu check FILE | import FILE | export [FILE]   the pxemenu.txt Preboot Menu
  menu hash-password                  hash a menu password read from standard input
  export FILE | import FILE               the whole configuration as JSON
  replay FILE [--speed N]                 play a recorded event log into the window

Global options may come before or after the command. Management commands take --json.</translation>
    </message>
    <message>
        <source>device add: the device&apos;s name; rule add: the rule&apos;s name; image import: the image&apos;s name.</source>
        <translation>device add: the device&apos;s name; rule add: the rule&apos;s name; image import: the image&apos;s name.</translation>
    </message>
</context>
<context>
    <name>bootbench::ConfigurationCommand</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>exported the configuration to %1</source>
        <translation>exported the configuration to %1</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a JSON configuration: %2 at offset %3</source>
        <translation>%1 is not a JSON configuration: %2 at offset %3</translation>
    </message>
    <message>
        <source>nothing was imported: %1</source>
        <translation>nothing was imported: %1</translation>
    </message>
    <message>
        <source>imported the configuration from %1</source>
        <translation>imported the configuration from %1</translation>
    </message>
</context>
<context>
    <name>bootbench::CriteriaBuilder</name>
    <message>
        <source>MAC address</source>
        <translation>MAC address</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Manufacturer</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <source>Asset tag</source>
        <translation>Asset tag</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>RAM (MB)</source>
        <translation>RAM (MB)</translation>
    </message>
    <message>
        <source>Disk (MB)</source>
        <translation>Disk (MB)</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>contains</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>equals</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>starts with</translation>
    </message>
    <message>
        <source>bios, x64-uefi, …</source>
        <translation>bios, x64-uefi, …</translation>
    </message>
    <message>
        <source>Add &amp;condition</source>
        <translation>Add &amp;condition</translation>
    </message>
    <message>
        <source>Add &amp;group</source>
        <translation>Add &amp;group</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>Re&amp;move</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparison</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>All of (AND)</source>
        <translation>All of (AND)</translation>
    </message>
    <message>
        <source>Any of (OR)</source>
        <translation>Any of (OR)</translation>
    </message>
    <message>
        <source>Not (NOT)</source>
        <translation>Not (NOT)</translation>
    </message>
    <message>
        <source>Add at least one condition: a rule without criteria matches nothing.</source>
        <translation>Add at least one condition: a rule without criteria matches nothing.</translation>
    </message>
    <message>
        <source>Add at least one condition to this group, or remove it.</source>
        <translation>Add at least one condition to this group, or remove it.</translation>
    </message>
    <message>
        <source>NOT takes exactly one condition (put a group inside it for more).</source>
        <translation>NOT takes exactly one condition (put a group inside it for more).</translation>
    </message>
    <message>
        <source>Enter a value.</source>
        <translation>Enter a value.</translation>
    </message>
    <message>
        <source>Enter a whole number of MB, e.g. 8192.</source>
        <translation>Enter a whole number of MB, e.g. 8192.</translation>
    </message>
    <message>
        <source>Not a whole MAC address: use &quot;contains&quot; or &quot;starts with&quot; for a part of one.</source>
        <translation>Not a whole MAC address: use &quot;contains&quot; or &quot;starts with&quot; for a part of one.</translation>
    </message>
</context>
<context>
    <name>bootbench::CsvImportDialog</name>
    <message>
        <source>&amp;Skip the lines with problems and import the rest</source>
        <translation>&amp;Skip the lines with problems and import the rest</translation>
    </message>
    <message>
        <source>Import devices from %1</source>
        <translation>Import devices from %1</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC address</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>A device with this MAC exists already.</source>
        <translation>A device with this MAC exists already.</translation>
    </message>
    <message>
        <source>No MAC address.</source>
        <translation>No MAC address.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a MAC address (expected six hex pairs like 52:54:00:12:34:56).</source>
        <translation>&quot;%1&quot; is not a MAC address (expected six hex pairs like 52:54:00:12:34:56).</translation>
    </message>
    <message>
        <source>Same MAC as line %1.</source>
        <translation>Same MAC as line %1.</translation>
    </message>
    <message>
        <source>A quote (&quot;) is not closed; the rest of the file is not read.</source>
        <translation>A quote (&quot;) is not closed; the rest of the file is not read.</translation>
    </message>
    <message>
        <source>The %1 column needs a whole number.</source>
        <translation>The %1 column needs a whole number.</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) to import</source>
        <translation>
            <numerusform>%n device to import</numerusform>
            <numerusform>%n devices to import</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) with problems</source>
        <translation>
            <numerusform>%n line with problems</numerusform>
            <numerusform>%n lines with problems</numerusform>
        </translation>
    </message>
    <message>
        <source>the first line names the columns</source>
        <translation>the first line names the columns</translation>
    </message>
    <message>
        <source>ignored columns: %1</source>
        <translation>ignored columns: %1</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Columns: MAC, name, then optionally serial, asset tag, manufacturer, model — or any order with a first line naming them.</source>
        <translation>Columns: MAC, name, then optionally serial, asset tag, manufacturer, model — or any order with a first line naming them.</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Import %n device(s)</source>
        <translation>
            <numerusform>&amp;Import %n device</numerusform>
            <numerusform>&amp;Import %n devices</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing imported: line %1: %2</source>
        <translation>Nothing imported: line %1: %2</translation>
    </message>
    <message>
        <source>Nothing imported: %1</source>
        <translation>Nothing imported: %1</translation>
    </message>
</context>
<context>
    <name>bootbench::DatabaseUrl</name>
    <message>
        <source>the database URL is empty</source>
        <translation>the database URL is empty</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a PostgreSQL URL like postgresql://user:password@host:5432/dbname</source>
        <translation>&quot;%1&quot; is not a PostgreSQL URL like postgresql://user:password@host:5432/dbname</translation>
    </message>
    <message>
        <source>unsupported database URL &quot;%1&quot;: use a SQLite file path or postgresql://...</source>
        <translation>unsupported database URL &quot;%1&quot;: use a SQLite file path or postgresql://...</translation>
    </message>
    <message>
        <source>the SQLite URL &quot;%1&quot; names no file</source>
        <translation>the SQLite URL &quot;%1&quot; names no file</translation>
    </message>
</context>
<context>
    <name>bootbench::DeviceCommand</name>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>ARCH</source>
        <translation>ARCH</translation>
    </message>
    <message>
        <source>LAST SEEN</source>
        <translation>LAST SEEN</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a MAC address</source>
        <translation>&quot;%1&quot; is not a MAC address</translation>
    </message>
    <message>
        <source>there is no device with MAC %1</source>
        <translation>there is no device with MAC %1</translation>
    </message>
    <message>
        <source>added device %1</source>
        <translation>added device %1</translation>
    </message>
    <message>
        <source>removed device %1</source>
        <translation>removed device %1</translation>
    </message>
</context>
<context>
    <name>bootbench::DeviceDetails</name>
    <message>
        <source>Click a lane or a row to see a device.</source>
        <translation>Click a lane or a row to see a device.</translation>
    </message>
    <message>
        <source>Reading the event history from the store…</source>
        <translation>Reading the event history from the store…</translation>
    </message>
    <message>
        <source>The event history could not be read: %1</source>
        <translation>The event history could not be read: %1</translation>
    </message>
    <message>
        <source>Showing the newest %1 events of this device.</source>
        <translation>Showing the newest %1 events of this device.</translation>
    </message>
    <message>
        <source>The device could not be read from the store: %1</source>
        <translation>The device could not be read from the store: %1</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>Failure</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>Last event</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP address</translation>
    </message>
    <message>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <source>Asset tag</source>
        <translation>Asset tag</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>First seen</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>Manufacturer / model</source>
        <translation>Manufacturer / model</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Memory</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Disk</translation>
    </message>
    <message>
        <source>Image-safe data</source>
        <translation>Image-safe data</translation>
    </message>
    <message>
        <source>Addressing</source>
        <translation>Addressing</translation>
    </message>
    <message>
        <source>DHCP</source>
        <translation>DHCP</translation>
    </message>
    <message>
        <source>static</source>
        <translation>static</translation>
    </message>
    <message>
        <source>IP / mask / gateway</source>
        <translation>IP / mask / gateway</translation>
    </message>
    <message>
        <source>DNS servers</source>
        <translation>DNS servers</translation>
    </message>
    <message>
        <source>Host name</source>
        <translation>Host name</translation>
    </message>
    <message>
        <source>DNS suffix</source>
        <translation>DNS suffix</translation>
    </message>
    <message>
        <source>Just imaged</source>
        <translation>Just imaged</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>In the store</source>
        <translation>In the store</translation>
    </message>
    <message>
        <source>not registered yet</source>
        <translation>not registered yet</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>Assignment</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>Bundle</translation>
    </message>
    <message>
        <source>persistent</source>
        <translation>persistent</translation>
    </message>
    <message>
        <source>once</source>
        <translation>once</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Started / finished</source>
        <translation>Started / finished</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2 events: only these are kept in memory for a replay or without a store; older ones are summarised on the timeline.</source>
        <translation>Showing the newest %1 of %2 events: only these are kept in memory for a replay or without a store; older ones are summarised on the timeline.</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Engine (last report)</source>
        <translation>Engine (last report)</translation>
    </message>
    <message>
        <source>Engine log</source>
        <translation>Engine log</translation>
    </message>
</context>
<context>
    <name>bootbench::DeviceForm</name>
    <message>
        <source>Get an address by &amp;DHCP</source>
        <translation>Get an address by &amp;DHCP</translation>
    </message>
    <message>
        <source>Use a &amp;static address</source>
        <translation>Use a &amp;static address</translation>
    </message>
    <message>
        <source>&amp;Just imaged (the imaging engine sets and clears this)</source>
        <translation>&amp;Just imaged (the imaging engine sets and clears this)</translation>
    </message>
    <message>
        <source>e.g. lab-pc-07</source>
        <translation>e.g. lab-pc-07</translation>
    </message>
    <message>
        <source>Use the global setting</source>
        <translation>Use the global setting</translation>
    </message>
    <message>
        <source>Only when the hotkey is pressed</source>
        <translation>Only when the hotkey is pressed</translation>
    </message>
    <message>
        <source>Always show the menu</source>
        <translation>Always show the menu</translation>
    </message>
    <message>
        <source>Never show the menu</source>
        <translation>Never show the menu</translation>
    </message>
    <message>
        <source>MAC address:</source>
        <translation>MAC address:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Reported hardware:</source>
        <translation>Reported hardware:</translation>
    </message>
    <message>
        <source>Preboot &amp;menu:</source>
        <translation>Preboot &amp;menu:</translation>
    </message>
    <message>
        <source>Image-safe data (kept on the disk, survives re-imaging)</source>
        <translation>Image-safe data (kept on the disk, survives re-imaging)</translation>
    </message>
    <message>
        <source>&amp;IP address:</source>
        <translation>&amp;IP address:</translation>
    </message>
    <message>
        <source>Subnet mas&amp;k:</source>
        <translation>Subnet mas&amp;k:</translation>
    </message>
    <message>
        <source>&amp;Gateway:</source>
        <translation>&amp;Gateway:</translation>
    </message>
    <message>
        <source>DNS ser&amp;vers:</source>
        <translation>DNS ser&amp;vers:</translation>
    </message>
    <message>
        <source>separated by commas</source>
        <translation>separated by commas</translation>
    </message>
    <message>
        <source>&amp;Host name:</source>
        <translation>&amp;Host name:</translation>
    </message>
    <message>
        <source>DNS s&amp;uffix:</source>
        <translation>DNS s&amp;uffix:</translation>
    </message>
    <message>
        <source>(no device selected)</source>
        <translation>(no device selected)</translation>
    </message>
    <message>
        <source>RAM %1 MB</source>
        <translation>RAM %1 MB</translation>
    </message>
    <message>
        <source>disk %1 MB</source>
        <translation>disk %1 MB</translation>
    </message>
    <message>
        <source>(not reported yet: the device has not booted from Bootbench)</source>
        <translation>(not reported yet: the device has not booted from Bootbench)</translation>
    </message>
    <message>
        <source>Enter a name for the device.</source>
        <translation>Enter a name for the device.</translation>
    </message>
    <message>
        <source>Use at most 64 characters.</source>
        <translation>Use at most 64 characters.</translation>
    </message>
    <message>
        <source>Remove the spaces at either end and any control characters.</source>
        <translation>Remove the spaces at either end and any control characters.</translation>
    </message>
    <message>
        <source>A static address needs an IP address.</source>
        <translation>A static address needs an IP address.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address (e.g. 192.168.10.21).</source>
        <translation>&quot;%1&quot; is not an IPv4 address (e.g. 192.168.10.21).</translation>
    </message>
    <message>
        <source>A static address needs a subnet mask.</source>
        <translation>A static address needs a subnet mask.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a subnet mask (e.g. 255.255.255.0 or /24).</source>
        <translation>&quot;%1&quot; is not a subnet mask (e.g. 255.255.255.0 or /24).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address.</source>
        <translation>&quot;%1&quot; is not an IPv4 address.</translation>
    </message>
    <message>
        <source>The gateway %1 is not in the device&apos;s subnet.</source>
        <translation>The gateway %1 is not in the device&apos;s subnet.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address; separate servers with commas.</source>
        <translation>&quot;%1&quot; is not an IPv4 address; separate servers with commas.</translation>
    </message>
    <message>
        <source>Use letters, digits and &apos;-&apos; (at most 63 per label), e.g. lab-pc-07.</source>
        <translation>Use letters, digits and &apos;-&apos; (at most 63 per label), e.g. lab-pc-07.</translation>
    </message>
    <message>
        <source>Use a domain name such as lab.example.</source>
        <translation>Use a domain name such as lab.example.</translation>
    </message>
</context>
<context>
    <name>bootbench::DeviceTableModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>1 DHCP</source>
        <translation>1 DHCP</translation>
    </message>
    <message>
        <source>2 Bootstrap</source>
        <translation>2 Bootstrap</translation>
    </message>
    <message>
        <source>3 Menu settings</source>
        <translation>3 Menu settings</translation>
    </message>
    <message>
        <source>4 Work query</source>
        <translation>4 Work query</translation>
    </message>
    <message>
        <source>5 Loader</source>
        <translation>5 Loader</translation>
    </message>
    <message>
        <source>6 Config file</source>
        <translation>6 Config file</translation>
    </message>
    <message>
        <source>7 Imaging files</source>
        <translation>7 Imaging files</translation>
    </message>
    <message>
        <source>8 Imaging</source>
        <translation>8 Imaging</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Menu shown</source>
        <translation>Menu shown</translation>
    </message>
    <message>
        <source>Local boot</source>
        <translation>Local boot</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>%1 % (%2 of %3)</source>
        <translation>%1 % (%2 of %3)</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP address</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>Bundle</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>Last event</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>running script %1/%2</source>
        <translation>running script %1/%2</translation>
    </message>
    <message>
        <source>%1: action %2/%3</source>
        <translation>%1: action %2/%3</translation>
    </message>
    <message>
        <source>%1 % at %2/s</source>
        <translation>%1 % at %2/s</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
</context>
<context>
    <name>bootbench::DevicesEditor</name>
    <message>
        <source>global</source>
        <translation>global</translation>
    </message>
    <message>
        <source>hotkey</source>
        <translation>hotkey</translation>
    </message>
    <message>
        <source>always</source>
        <translation>always</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>&amp;Add device</source>
        <translation>&amp;Add device</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>&amp;Import CSV…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Revert</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Delete…</translation>
    </message>
    <message>
        <source>e.g. lab-pc-07</source>
        <translation>e.g. lab-pc-07</translation>
    </message>
    <message>
        <source>Add a device ahead of time</source>
        <translation>Add a device ahead of time</translation>
    </message>
    <message>
        <source>&amp;MAC address:</source>
        <translation>&amp;MAC address:</translation>
    </message>
    <message>
        <source>N&amp;ame:</source>
        <translation>N&amp;ame:</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC address</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Manufacturer</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <source>Cannot read the devices: %1</source>
        <translation>Cannot read the devices: %1</translation>
    </message>
    <message>
        <source>Enter the device&apos;s MAC address.</source>
        <translation>Enter the device&apos;s MAC address.</translation>
    </message>
    <message>
        <source>Not a MAC address: expected six hex pairs like 52:54:00:12:34:56.</source>
        <translation>Not a MAC address: expected six hex pairs like 52:54:00:12:34:56.</translation>
    </message>
    <message>
        <source>A device with MAC %1 exists already.</source>
        <translation>A device with MAC %1 exists already.</translation>
    </message>
    <message>
        <source>Adds %1</source>
        <translation>Adds %1</translation>
    </message>
    <message>
        <source>Not added: fix the fields marked in red.</source>
        <translation>Not added: fix the fields marked in red.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Not added: %1</translation>
    </message>
    <message>
        <source>Added %1 (%2).</source>
        <translation>Added %1 (%2).</translation>
    </message>
    <message>
        <source>Import devices</source>
        <translation>Import devices</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV files (*.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n device(s).</source>
        <translation>
            <numerusform>Imported %n device.</numerusform>
            <numerusform>Imported %n devices.</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>The device %1 has changes that are not saved. Discard them?</source>
        <translation>The device %1 has changes that are not saved. Discard them?</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Saved %1.</translation>
    </message>
    <message>
        <source>Delete device</source>
        <translation>Delete device</translation>
    </message>
    <message>
        <source>Delete the device %1? Its assignment is removed with it. It is added again when it next boots from Bootbench.</source>
        <translation>Delete the device %1? Its assignment is removed with it. It is added again when it next boots from Bootbench.</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>Not deleted: %1</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>Deleted %1.</translation>
    </message>
    <message>
        <source>not seen yet</source>
        <translation>not seen yet</translation>
    </message>
</context>
<context>
    <name>bootbench::EnvironmentCommand</name>
    <message>
        <source>kernel release: %1</source>
        <translation>kernel release: %1</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>SIZE</translation>
    </message>
    <message>
        <source>SHA256</source>
        <translation>SHA256</translation>
    </message>
    <message>
        <source>%1 kernel modules, %2 firmware files, %3 packages</source>
        <translation>%1 kernel modules, %2 firmware files, %3 packages</translation>
    </message>
    <message>
        <source>imaging environment built in %1</source>
        <translation>imaging environment built in %1</translation>
    </message>
    <message>
        <source>nothing changed</source>
        <translation>nothing changed</translation>
    </message>
    <message>
        <source>written: %1</source>
        <translation>written: %1</translation>
    </message>
    <message>
        <source>imaging environment: %1</source>
        <translation>imaging environment: %1</translation>
    </message>
    <message>
        <source>missing packages: %1; install them with: %2</source>
        <translation>missing packages: %1; install them with: %2</translation>
    </message>
</context>
<context>
    <name>bootbench::EnvironmentSection</name>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Imaging environment</source>
        <translation>Imaging environment</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>Build boot/kernel, boot/initrd and boot/root from the Debian packages of this machine</source>
        <translation>Build boot/kernel, boot/initrd and boot/root from the Debian packages of this machine</translation>
    </message>
    <message>
        <source>Building… %1 %</source>
        <translation>Building… %1 %</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Ready</translation>
    </message>
    <message>
        <source>Stale: rebuild it</source>
        <translation>Stale: rebuild it</translation>
    </message>
    <message>
        <source>Missing: not built yet</source>
        <translation>Missing: not built yet</translation>
    </message>
    <message>
        <source>Kernel %1</source>
        <translation>Kernel %1</translation>
    </message>
    <message>
        <source>Kernel %1 will be used</source>
        <translation>Kernel %1 will be used</translation>
    </message>
    <message>
        <source>Missing package %1. Install it with:
%2</source>
        <translation>Missing package %1. Install it with:
%2</translation>
    </message>
    <message>
        <source>The last build failed: %1</source>
        <translation>The last build failed: %1</translation>
    </message>
</context>
<context>
    <name>bootbench::EventListModel</name>
    <message>
        <source>local boot</source>
        <translation>local boot</translation>
    </message>
    <message>
        <source>menu shown</source>
        <translation>menu shown</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>expected refusal</source>
        <translation>expected refusal</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Peer</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Bytes</translation>
    </message>
</context>
<context>
    <name>bootbench::FirstStartGuide</name>
    <message>
        <source>No machine has booted here yet. Before the first one:</source>
        <translation>No machine has booted here yet. Before the first one:</translation>
    </message>
    <message>
        <source>Choose the bench interface</source>
        <translation>Choose the bench interface</translation>
    </message>
    <message>
        <source>Choose the phase-1 variant</source>
        <translation>Choose the phase-1 variant</translation>
    </message>
    <message>
        <source>Put the imaging environment in place</source>
        <translation>Put the imaging environment in place</translation>
    </message>
    <message>
        <source>Make a bundle and give it to machines</source>
        <translation>Make a bundle and give it to machines</translation>
    </message>
    <message>
        <source>Start the services and power a machine on</source>
        <translation>Start the services and power a machine on</translation>
    </message>
    <message>
        <source>The network card the bench&apos;s machines are plugged into, not your uplink.</source>
        <translation>The network card the bench&apos;s machines are plugged into, not your uplink.</translation>
    </message>
    <message>
        <source>The DHCP server needs an address pool on the bench interface&apos;s network.</source>
        <translation>The DHCP server needs an address pool on the bench interface&apos;s network.</translation>
    </message>
    <message>
        <source>Proxy DHCP only when the bench network already has a DHCP server; DHCP server + proxy DHCP on an isolated bench.</source>
        <translation>Proxy DHCP only when the bench network already has a DHCP server; DHCP server + proxy DHCP on an isolated bench.</translation>
    </message>
    <message>
        <source>The Linux environment the machines start for imaging: boot/kernel and boot/initrd in the TFTP root.</source>
        <translation>The Linux environment the machines start for imaging: boot/kernel and boot/initrd in the TFTP root.</translation>
    </message>
    <message>
        <source>A bundle exists; assign it to machines, or add a hardware rule that picks it.</source>
        <translation>A bundle exists; assign it to machines, or add a hardware rule that picks it.</translation>
    </message>
    <message>
        <source>A bundle says what is installed; an assignment or a hardware rule says on which machines.</source>
        <translation>A bundle says what is installed; an assignment or a hardware rule says on which machines.</translation>
    </message>
    <message>
        <source>The services run: power a machine on with network boot (PXE). It appears here as soon as it asks for an address.</source>
        <translation>The services run: power a machine on with network boot (PXE). It appears here as soon as it asks for an address.</translation>
    </message>
    <message>
        <source>Start the services, then power a machine on with network boot (PXE).</source>
        <translation>Start the services, then power a machine on with network boot (PXE).</translation>
    </message>
    <message>
        <source>Go to the interface</source>
        <translation>Go to the interface</translation>
    </message>
    <message>
        <source>Go to the variant</source>
        <translation>Go to the variant</translation>
    </message>
    <message>
        <source>Go to the boot files</source>
        <translation>Go to the boot files</translation>
    </message>
    <message>
        <source>Open Bundles</source>
        <translation>Open Bundles</translation>
    </message>
    <message>
        <source>Go to the services</source>
        <translation>Go to the services</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>To do</translation>
    </message>
</context>
<context>
    <name>bootbench::Gui</name>
    <message>
        <source>cannot create the data folder %1</source>
        <translation>cannot create the data folder %1</translation>
    </message>
    <message>
        <source>Bootbench</source>
        <translation>Bootbench</translation>
    </message>
    <message>
        <source>The data store cannot be opened:
%1</source>
        <translation>The data store cannot be opened:
%1</translation>
    </message>
    <message>
        <source>Bootbench data: %1</source>
        <translation>Bootbench data: %1</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Store: %1</translation>
    </message>
    <message>
        <source>TFTP root: %1</source>
        <translation>TFTP root: %1</translation>
    </message>
    <message>
        <source>usage: bootbench replay FILE [--speed N]  (N &gt; 0)</source>
        <translation>usage: bootbench replay FILE [--speed N]  (N &gt; 0)</translation>
    </message>
    <message>
        <source>cannot replay %1: %2</source>
        <translation>cannot replay %1: %2</translation>
    </message>
    <message>
        <source>Store disconnected since %1</source>
        <translation>Store disconnected since %1</translation>
    </message>
</context>
<context>
    <name>bootbench::ImageCommand</name>
    <message>
        <source>not an image: %1</source>
        <translation>not an image: %1</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>SIZE</translation>
    </message>
    <message>
        <source>TABLE</source>
        <translation>TABLE</translation>
    </message>
    <message>
        <source>PARTITIONS</source>
        <translation>PARTITIONS</translation>
    </message>
    <message>
        <source>FROM</source>
        <translation>FROM</translation>
    </message>
    <message>
        <source>TAKEN</source>
        <translation>TAKEN</translation>
    </message>
    <message>
        <source>name: %1
taken: %2 from %3
disk: %4 bytes, %5
</source>
        <translation>name: %1
taken: %2 from %3
disk: %4 bytes, %5
</translation>
    </message>
    <message>
        <source>partition %1: %2 %3, %4
</source>
        <translation>partition %1: %2 %3, %4
</translation>
    </message>
    <message>
        <source>verifying %1: %2 of %3</source>
        <translation>verifying %1: %2 of %3</translation>
    </message>
    <message>
        <source>image %1 is whole: every stream has its size and SHA-256</source>
        <translation>image %1 is whole: every stream has its size and SHA-256</translation>
    </message>
    <message>
        <source>image %1: %2</source>
        <translation>image %1: %2</translation>
    </message>
    <message>
        <source>image %1 is used by bundle %2; remove it from the bundle first</source>
        <translation>image %1 is used by bundle %2; remove it from the bundle first</translation>
    </message>
    <message>
        <source>removed image %1</source>
        <translation>removed image %1</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 of %3</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cannot import %1: %2</source>
        <translation>cannot import %1: %2</translation>
    </message>
    <message>
        <source>importing %1 (%2 image) as %3</source>
        <translation>importing %1 (%2 image) as %3</translation>
    </message>
    <message>
        <source>imported %1 (%2 image) as image %3: %4 partitions, %5</source>
        <translation>imported %1 (%2 image) as image %3: %4 partitions, %5</translation>
    </message>
    <message>
        <source>cannot export %1 to %2: %3</source>
        <translation>cannot export %1 to %2: %3</translation>
    </message>
    <message>
        <source>exported image %1 to %2</source>
        <translation>exported image %1 to %2</translation>
    </message>
</context>
<context>
    <name>bootbench::ImagePicker</name>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>List the image store again (%1)</source>
        <translation>List the image store again (%1)</translation>
    </message>
    <message>
        <source>(choose an image from %1)</source>
        <translation>(choose an image from %1)</translation>
    </message>
    <message>
        <source>%1 (not in the image store)</source>
        <translation>%1 (not in the image store)</translation>
    </message>
    <message>
        <source>The image %1 is not in the image store (%2).</source>
        <translation>The image %1 is not in the image store (%2).</translation>
    </message>
    <message>
        <source>The checksum could not be computed: %1</source>
        <translation>The checksum could not be computed: %1</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>computing…</translation>
    </message>
    <message>
        <source>The checksum is still being computed; save when it is shown.</source>
        <translation>The checksum is still being computed; save when it is shown.</translation>
    </message>
    <message>
        <source>Size: %1 (%2 bytes)
SHA-256: %3</source>
        <translation>Size: %1 (%2 bytes)
SHA-256: %3</translation>
    </message>
    <message>
        <source>Size: %1 (%2 bytes)
SHA-256: computing… %3%</source>
        <translation>Size: %1 (%2 bytes)
SHA-256: computing… %3%</translation>
    </message>
    <message numerus="yes">
        <source>%1 (whole disk, %n partition(s), %2)</source>
        <translation>
            <numerusform>%1 (whole disk, %n partition, %2)</numerusform>
            <numerusform>%1 (whole disk, %n partitions, %2)</numerusform>
        </translation>
    </message>
    <message>
        <source>Whole-disk image: %1 of streams for a disk of %2 (%3)
Partitions: %4
Taken %5 from %6</source>
        <translation>Whole-disk image: %1 of streams for a disk of %2 (%3)
Partitions: %4
Taken %5 from %6</translation>
    </message>
</context>
<context>
    <name>bootbench::ImagesPage</name>
    <message>
        <source>%1 image %2 (disk %3)</source>
        <translation>%1 image %2 (disk %3)</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>&amp;Verify</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Remove…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Disk</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>Partitions</translation>
    </message>
    <message>
        <source>Taken from</source>
        <translation>Taken from</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Taken</translation>
    </message>
    <message>
        <source>Reads every stream of the image and checks its size and SHA-256 against the manifest</source>
        <translation>Reads every stream of the image and checks its size and SHA-256 against the manifest</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>Whole-disk images in %1: taken by image-take bundles, or imported with &lt;i&gt;bootbench image import&lt;/i&gt; from Bootbench, Clonezilla and FOG image folders.</source>
        <translation>Whole-disk images in %1: taken by image-take bundles, or imported with &lt;i&gt;bootbench image import&lt;/i&gt; from Bootbench, Clonezilla and FOG image folders.</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Not images (no restorable manifest): %1</source>
        <translation>Not images (no restorable manifest): %1</translation>
    </message>
    <message>
        <source>No images yet.</source>
        <translation>No images yet.</translation>
    </message>
    <message>
        <source>%1: %p%</source>
        <translation>%1: %p%</translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation>Verifying %1…</translation>
    </message>
    <message>
        <source>Image %1 is whole: every stream has its size and SHA-256.</source>
        <translation>Image %1 is whole: every stream has its size and SHA-256.</translation>
    </message>
    <message>
        <source>Image %1 is damaged: %2</source>
        <translation>Image %1 is damaged: %2</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>Not removed: %1</translation>
    </message>
    <message>
        <source>Not removed: image %1 is used by bundle %2. Choose another image in the bundle, or remove the bundle, first.</source>
        <translation>Not removed: image %1 is used by bundle %2. Choose another image in the bundle, or remove the bundle, first.</translation>
    </message>
    <message>
        <source>Remove image</source>
        <translation>Remove image</translation>
    </message>
    <message>
        <source>Remove the image %1 and all its files from %2?</source>
        <translation>Remove the image %1 and all its files from %2?</translation>
    </message>
    <message>
        <source>Removed image %1.</source>
        <translation>Removed image %1.</translation>
    </message>
</context>
<context>
    <name>bootbench::MainWindow</name>
    <message>
        <source>as fast as possible</source>
        <translation>as fast as possible</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Bootbench</source>
        <translation>Bootbench</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>Monitor</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Devices and throughput</source>
        <translation>Devices and throughput</translation>
    </message>
    <message>
        <source>The device list could not be read: %1</source>
        <translation>The device list could not be read: %1</translation>
    </message>
    <message numerus="yes">
        <source>Reading the last %n hour(s) of events from the store…</source>
        <translation>
            <numerusform>Reading the last %n hour of events from the store…</numerusform>
            <numerusform>Reading the last %n hours of events from the store…</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Replay a recorded event log…</source>
        <translation>&amp;Replay a recorded event log…</translation>
    </message>
    <message>
        <source>Open a &amp;time range…</source>
        <translation>Open a &amp;time range…</translation>
    </message>
    <message>
        <source>Needs a store</source>
        <translation>Needs a store</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation>Back to &amp;live</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Follow now</source>
        <translation>&amp;Follow now</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About Bootbench</source>
        <translation>&amp;About Bootbench</translation>
    </message>
    <message>
        <source>About Bootbench</source>
        <translation>About Bootbench</translation>
    </message>
    <message>
        <source>Bootbench %1: network boot for an imaging bench, and where every machine is.</source>
        <translation>Bootbench %1: network boot for an imaging bench, and where every machine is.</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier event(s) read from the store.</source>
        <translation>
            <numerusform>%n earlier event read from the store.</numerusform>
            <numerusform>%n earlier events read from the store.</numerusform>
        </translation>
    </message>
    <message>
        <source>The earlier events could not be read: %1</source>
        <translation>The earlier events could not be read: %1</translation>
    </message>
    <message>
        <source>Open a time range</source>
        <translation>Open a time range</translation>
    </message>
    <message>
        <source>The events could not be read: %1</source>
        <translation>The events could not be read: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the events</source>
        <translation>Export the events</translation>
    </message>
    <message>
        <source>Replaying %1 at %2</source>
        <translation>Replaying %1 at %2</translation>
    </message>
    <message>
        <source>%1 of %2 events</source>
        <translation>%1 of %2 events</translation>
    </message>
    <message>
        <source>Replay of %1 finished: %2 events</source>
        <translation>Replay of %1 finished: %2 events</translation>
    </message>
    <message>
        <source>there is no store to read earlier events from</source>
        <translation>there is no store to read earlier events from</translation>
    </message>
    <message>
        <source>History %1</source>
        <translation>History %1</translation>
    </message>
    <message>
        <source>Replay a recorded event log</source>
        <translation>Replay a recorded event log</translation>
    </message>
    <message>
        <source>Event logs (*.json *.jsonl);;All files (*)</source>
        <translation>Event logs (*.json *.jsonl);;All files (*)</translation>
    </message>
    <message>
        <source>Real time</source>
        <translation>Real time</translation>
    </message>
    <message>
        <source>2× faster</source>
        <translation>2× faster</translation>
    </message>
    <message>
        <source>5× faster</source>
        <translation>5× faster</translation>
    </message>
    <message>
        <source>10× faster</source>
        <translation>10× faster</translation>
    </message>
    <message>
        <source>50× faster</source>
        <translation>50× faster</translation>
    </message>
    <message>
        <source>As fast as possible</source>
        <translation>As fast as possible</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>Replay speed</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Speed:</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Replay</translation>
    </message>
    <message>
        <source>The event log cannot be replayed: %1</source>
        <translation>The event log cannot be replayed: %1</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>Export the timeline</source>
        <translation>Export the timeline</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG image (*.png);;PDF document (*.pdf)</translation>
    </message>
    <message>
        <source>Timeline saved to %1</source>
        <translation>Timeline saved to %1</translation>
    </message>
    <message>
        <source>%1 could not be written.</source>
        <translation>%1 could not be written.</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Event log for replay (*.json)</source>
        <translation>CSV (*.csv);;Event log for replay (*.json)</translation>
    </message>
    <message>
        <source>Reading the events from the store…</source>
        <translation>Reading the events from the store…</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) saved to %1</source>
        <translation>
            <numerusform>%n event saved to %1</numerusform>
            <numerusform>%n events saved to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the device table</source>
        <translation>Export the device table</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Device table saved to %1</source>
        <translation>Device table saved to %1</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 could not be written: %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Reading %1…</translation>
    </message>
    <message>
        <source>E&amp;xport the timeline (PNG, PDF)…</source>
        <translation>E&amp;xport the timeline (PNG, PDF)…</translation>
    </message>
    <message>
        <source>Export the &amp;events (CSV, JSON)…</source>
        <translation>Export the &amp;events (CSV, JSON)…</translation>
    </message>
    <message>
        <source>Export the device ta&amp;ble (CSV)…</source>
        <translation>Export the device ta&amp;ble (CSV)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Saves the edits of the editor page shown</source>
        <translation>Saves the edits of the editor page shown</translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation>&amp;Services</translation>
    </message>
    <message>
        <source>&amp;Devices and throughput</source>
        <translation>&amp;Devices and throughput</translation>
    </message>
    <message>
        <source>Searc&amp;h the devices</source>
        <translation>Searc&amp;h the devices</translation>
    </message>
    <message>
        <source>Unsaved changes: %1</source>
        <translation>Unsaved changes: %1</translation>
    </message>
    <message>
        <source>Bench events</source>
        <translation>Bench events</translation>
    </message>
    <message>
        <source>Bench events (%1)</source>
        <translation>Bench events (%1)</translation>
    </message>
    <message>
        <source>&amp;Bench events</source>
        <translation>&amp;Bench events</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuCommand</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>exported the menu to %1</source>
        <translation>exported the menu to %1</translation>
    </message>
    <message>
        <source>give the password on standard input, e.g. echo -n secret | bootbench menu hash-password</source>
        <translation>give the password on standard input, e.g. echo -n secret | bootbench menu hash-password</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n error(s); nothing was imported</source>
        <translation>
            <numerusform>%1: %n error; nothing was imported</numerusform>
            <numerusform>%1: %n errors; nothing was imported</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: no errors</source>
        <translation>%1: no errors</translation>
    </message>
    <message>
        <source>imported the menu from %1</source>
        <translation>imported the menu from %1</translation>
    </message>
    <message>
        <source>%1 is not a text file: byte %2 on line %3, column %4 is not UTF-8 text (the menu is plain UTF-8 text). The line: %5</source>
        <translation>%1 is not a text file: byte %2 on line %3, column %4 is not UTF-8 text (the menu is plain UTF-8 text). The line: %5</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuEditor</name>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Revert</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>Re&amp;do</source>
        <translation>Re&amp;do</translation>
    </message>
    <message>
        <source>&amp;Add entry</source>
        <translation>&amp;Add entry</translation>
    </message>
    <message>
        <source>Re&amp;move entry</source>
        <translation>Re&amp;move entry</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>File: %1</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Re&amp;load</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>&amp;Keep mine</translation>
    </message>
    <message>
        <source>Menu settings (all devices)</source>
        <translation>Menu settings (all devices)</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Entries</translation>
    </message>
    <message>
        <source>Preview (80×25, as the device shows it)</source>
        <translation>Preview (80×25, as the device shows it)</translation>
    </message>
    <message>
        <source>Menu:</source>
        <translation>Menu:</translation>
    </message>
    <message>
        <source>Not saved: the settings changed while the password was being hashed; save again.</source>
        <translation>Not saved: the settings changed while the password was being hashed; save again.</translation>
    </message>
    <message>
        <source>Cannot read the menu from the store: %1</source>
        <translation>Cannot read the menu from the store: %1</translation>
    </message>
    <message>
        <source>%1 differs from the menu in use (it was edited while Bootbench was not running).</source>
        <translation>%1 differs from the menu in use (it was edited while Bootbench was not running).</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>No problems found.</translation>
    </message>
    <message>
        <source>main menu</source>
        <translation>main menu</translation>
    </message>
    <message>
        <source>Fix the errors first: a menu with errors is not served</source>
        <translation>Fix the errors first: a menu with errors is not served</translation>
    </message>
    <message numerus="yes">
        <source>Not saved: %n error(s) in the menu, the first: %1</source>
        <translation>
            <numerusform>Not saved: %n error in the menu, the first: %1</numerusform>
            <numerusform>Not saved: %n errors in the menu, the first: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Saving as soon as the new password is hashed…</source>
        <translation>Saving as soon as the new password is hashed…</translation>
    </message>
    <message>
        <source>Not saved: cannot write %1: %2</source>
        <translation>Not saved: cannot write %1: %2</translation>
    </message>
    <message>
        <source>Saved for the devices, but %1 could not be replaced: %2</source>
        <translation>Saved for the devices, but %1 could not be replaced: %2</translation>
    </message>
    <message>
        <source>Saved: the devices get this menu from their next boot.</source>
        <translation>Saved: the devices get this menu from their next boot.</translation>
    </message>
    <message>
        <source>Reverted to the menu in use.</source>
        <translation>Reverted to the menu in use.</translation>
    </message>
    <message>
        <source>%1 was changed outside Bootbench.</source>
        <translation>%1 was changed outside Bootbench.</translation>
    </message>
    <message>
        <source>The menu in use was changed elsewhere; this is it now.</source>
        <translation>The menu in use was changed elsewhere; this is it now.</translation>
    </message>
    <message>
        <source>The menu in use was changed elsewhere (e.g. &quot;bootbench menu import&quot;).</source>
        <translation>The menu in use was changed elsewhere (e.g. &quot;bootbench menu import&quot;).</translation>
    </message>
    <message>
        <source>Reload it? Your unsaved changes here are replaced (Undo brings them back).</source>
        <translation>Reload it? Your unsaved changes here are replaced (Undo brings them back).</translation>
    </message>
    <message>
        <source>Reload it?</source>
        <translation>Reload it?</translation>
    </message>
    <message>
        <source>Loaded the file; save to serve it to the devices.</source>
        <translation>Loaded the file; save to serve it to the devices.</translation>
    </message>
    <message>
        <source>Loaded the menu in use.</source>
        <translation>Loaded the menu in use.</translation>
    </message>
    <message>
        <source>Kept the text here; saving replaces the other version.</source>
        <translation>Kept the text here; saving replaces the other version.</translation>
    </message>
    <message>
        <source>New entry</source>
        <translation>New entry</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuEntriesModel</name>
    <message>
        <source>Start imaging</source>
        <translation>Start imaging</translation>
    </message>
    <message>
        <source>Imaging maintenance</source>
        <translation>Imaging maintenance</translation>
    </message>
    <message>
        <source>Run a bundle</source>
        <translation>Run a bundle</translation>
    </message>
    <message>
        <source>Boot the local disk</source>
        <translation>Boot the local disk</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>Reboot</translation>
    </message>
    <message>
        <source>Power off</source>
        <translation>Power off</translation>
    </message>
    <message>
        <source>Open a submenu</source>
        <translation>Open a submenu</translation>
    </message>
    <message>
        <source>Back to the main menu</source>
        <translation>Back to the main menu</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Bundle / submenu</source>
        <translation>Bundle / submenu</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>Hotkey</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>Line %1 of pxemenu.txt</source>
        <translation>Line %1 of pxemenu.txt</translation>
    </message>
    <message>
        <source>main</source>
        <translation>main</translation>
    </message>
    <message>
        <source>default</source>
        <translation>default</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuSettingsForm</name>
    <message>
        <source>C&amp;lear password</source>
        <translation>C&amp;lear password</translation>
    </message>
    <message>
        <source>Only when the hotkey is pressed</source>
        <translation>Only when the hotkey is pressed</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>Always</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Never</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How long the device waits for the hotkey (and on UEFI for Enter) before going on</source>
        <translation>How long the device waits for the hotkey (and on UEFI for Enter) before going on</translation>
    </message>
    <message>
        <source>new password</source>
        <translation>new password</translation>
    </message>
    <message>
        <source>the same again</source>
        <translation>the same again</translation>
    </message>
    <message>
        <source>Show the menu:</source>
        <translation>Show the menu:</translation>
    </message>
    <message>
        <source>Hotkey time-out:</source>
        <translation>Hotkey time-out:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Set a new password:</source>
        <translation>Set a new password:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>Confirm:</translation>
    </message>
    <message>
        <source>A new password will be set when you save.</source>
        <translation>A new password will be set when you save.</translation>
    </message>
    <message>
        <source>The password will be cleared when you save.</source>
        <translation>The password will be cleared when you save.</translation>
    </message>
    <message>
        <source>Set (stored as a salted hash; the menu asks for it).</source>
        <translation>Set (stored as a salted hash; the menu asks for it).</translation>
    </message>
    <message>
        <source>None: anyone at the device can use the menu.</source>
        <translation>None: anyone at the device can use the menu.</translation>
    </message>
    <message>
        <source>Use at least %1 characters.</source>
        <translation>Use at least %1 characters.</translation>
    </message>
    <message>
        <source>The password starts or ends with a space; a keyboard at the device may not match it.</source>
        <translation>The password starts or ends with a space; a keyboard at the device may not match it.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
</context>
<context>
    <name>bootbench::MonitorPage</name>
    <message>
        <source>Back to live</source>
        <translation>Back to live</translation>
    </message>
    <message>
        <source>Live: the events of the services running here.</source>
        <translation>Live: the events of the services running here.</translation>
    </message>
</context>
<context>
    <name>bootbench::MulticastActionEditor</name>
    <message>
        <source> machines</source>
        <translation> machines</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>wait for all</source>
        <translation>wait for all</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>Image:</translation>
    </message>
    <message>
        <source>Expected machines:</source>
        <translation>Expected machines:</translation>
    </message>
    <message>
        <source>Start after:</source>
        <translation>Start after:</translation>
    </message>
    <message>
        <source>The session starts when the expected number of machines has joined, or when the time-out has passed since the first one joined.</source>
        <translation>The session starts when the expected number of machines has joined, or when the time-out has passed since the first one joined.</translation>
    </message>
</context>
<context>
    <name>bootbench::RestoreActionEditor</name>
    <message>
        <source>/dev/sda or 0</source>
        <translation>/dev/sda or 0</translation>
    </message>
    <message>
        <source>all partitions</source>
        <translation>all partitions</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>Image:</translation>
    </message>
    <message>
        <source>Target disk:</source>
        <translation>Target disk:</translation>
    </message>
    <message>
        <source>Partitions to restore:</source>
        <translation>Partitions to restore:</translation>
    </message>
</context>
<context>
    <name>bootbench::RuleCommand</name>
    <message>
        <source>criterion &quot;%1&quot; must be FIELD OP VALUE, e.g. &quot;ram-mb ge 4096&quot;</source>
        <translation>criterion &quot;%1&quot; must be FIELD OP VALUE, e.g. &quot;ram-mb ge 4096&quot;</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>unknown field &quot;%1&quot; in &quot;%2&quot;</translation>
    </message>
    <message>
        <source>unknown comparison &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>unknown comparison &quot;%1&quot; in &quot;%2&quot;</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>POS</source>
        <translation>POS</translation>
    </message>
    <message>
        <source>ENABLED</source>
        <translation>ENABLED</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>BUNDLE</source>
        <translation>BUNDLE</translation>
    </message>
    <message>
        <source>CRITERIA</source>
        <translation>CRITERIA</translation>
    </message>
    <message>
        <source>added rule %1 at position %2</source>
        <translation>added rule %1 at position %2</translation>
    </message>
    <message>
        <source>removed rule %1</source>
        <translation>removed rule %1</translation>
    </message>
    <message>
        <source>moved rule %1 to position %2</source>
        <translation>moved rule %1 to position %2</translation>
    </message>
</context>
<context>
    <name>bootbench::RuleForm</name>
    <message>
        <source>&amp;Enabled</source>
        <translation>&amp;Enabled</translation>
    </message>
    <message>
        <source>e.g. Dell desktops with 8 GB or more</source>
        <translation>e.g. Dell desktops with 8 GB or more</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Bundle:</source>
        <translation>&amp;Bundle:</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>Criteria</translation>
    </message>
    <message>
        <source>Which known devices match</source>
        <translation>Which known devices match</translation>
    </message>
    <message>
        <source>(choose a bundle)</source>
        <translation>(choose a bundle)</translation>
    </message>
    <message>
        <source>%1 (no longer exists)</source>
        <translation>%1 (no longer exists)</translation>
    </message>
    <message>
        <source>Choose the bundle this rule assigns.</source>
        <translation>Choose the bundle this rule assigns.</translation>
    </message>
    <message>
        <source>There is no bundle yet: create one on the Bundles page first.</source>
        <translation>There is no bundle yet: create one on the Bundles page first.</translation>
    </message>
    <message>
        <source>The bundle &quot;%1&quot; no longer exists: choose another.</source>
        <translation>The bundle &quot;%1&quot; no longer exists: choose another.</translation>
    </message>
    <message>
        <source>Complete the criteria to see which devices match.</source>
        <translation>Complete the criteria to see which devices match.</translation>
    </message>
    <message>
        <source>has its own assignment, which comes first</source>
        <translation>has its own assignment, which comes first</translation>
    </message>
    <message>
        <source>rule &quot;%1&quot; comes first</source>
        <translation>rule &quot;%1&quot; comes first</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>%1 MB RAM</source>
        <translation>%1 MB RAM</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n known device(s) match.</source>
        <translation>
            <numerusform>%1 of %n known device matches.</numerusform>
            <numerusform>%1 of %n known devices match.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This rule decides the work of %n of them.</source>
        <translation>
            <numerusform>This rule decides the work of %n of them.</numerusform>
            <numerusform>This rule decides the work of %n of them.</numerusform>
        </translation>
    </message>
    <message>
        <source>The rule is disabled: it gives no work until it is enabled.</source>
        <translation>The rule is disabled: it gives no work until it is enabled.</translation>
    </message>
</context>
<context>
    <name>bootbench::RulesEditor</name>
    <message>
        <source>(unnamed rule)</source>
        <translation>(unnamed rule)</translation>
    </message>
    <message>
        <source>&amp;New rule</source>
        <translation>&amp;New rule</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Delete…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Move &amp;up</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>Move do&amp;wn</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>&amp;Revert</translation>
    </message>
    <message>
        <source>Checked in order; the first enabled rule that matches a device without its own assignment gives it its work.</source>
        <translation>Checked in order; the first enabled rule that matches a device without its own assignment gives it its work.</translation>
    </message>
    <message>
        <source>Cannot read the store: %1</source>
        <translation>Cannot read the store: %1</translation>
    </message>
    <message>
        <source>Enabled: uncheck to skip this rule</source>
        <translation>Enabled: uncheck to skip this rule</translation>
    </message>
    <message>
        <source>Disabled: check to use this rule again</source>
        <translation>Disabled: check to use this rule again</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>The rule being edited has changes that are not saved. Discard them?</source>
        <translation>The rule being edited has changes that are not saved. Discard them?</translation>
    </message>
    <message>
        <source>New rule: name it, choose its bundle and add conditions, then save. It is added at the end.</source>
        <translation>New rule: name it, choose its bundle and add conditions, then save. It is added at the end.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Not saved: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Delete rule</source>
        <translation>Delete rule</translation>
    </message>
    <message>
        <source>Delete the rule &quot;%1&quot;?</source>
        <translation>Delete the rule &quot;%1&quot;?</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>Not deleted: %1</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Deleted.</translation>
    </message>
    <message>
        <source>Not moved: %1</source>
        <translation>Not moved: %1</translation>
    </message>
    <message>
        <source>Moved to position %1.</source>
        <translation>Moved to position %1.</translation>
    </message>
    <message>
        <source>Rule enabled.</source>
        <translation>Rule enabled.</translation>
    </message>
    <message>
        <source>Rule disabled.</source>
        <translation>Rule disabled.</translation>
    </message>
</context>
<context>
    <name>bootbench::ScriptActionEditor</name>
    <message>
        <source>#!/bin/sh
# Runs in the imaging environment, e.g.:
img restore win11.img /dev/sda</source>
        <translation>#!/bin/sh
# Runs in the imaging environment, e.g.:
img restore win11.img /dev/sda</translation>
    </message>
    <message>
        <source>Run by /bin/sh in the imaging environment. A non-zero exit status fails the work.</source>
        <translation>Run by /bin/sh in the imaging environment. A non-zero exit status fails the work.</translation>
    </message>
</context>
<context>
    <name>bootbench::Serve</name>
    <message>
        <source>Bootbench data: %1</source>
        <translation>Bootbench data: %1</translation>
    </message>
    <message>
        <source>TFTP root: %1</source>
        <translation>TFTP root: %1</translation>
    </message>
    <message>
        <source>No network interface chosen: no DHCP service starts. Choose the bench interface with --interface IF (or in the window). This machine&apos;s interfaces:</source>
        <translation>No network interface chosen: no DHCP service starts. Choose the bench interface with --interface IF (or in the window). This machine&apos;s interfaces:</translation>
    </message>
    <message>
        <source>interface %1 has no IPv4 address; give one with --address</source>
        <translation>interface %1 has no IPv4 address; give one with --address</translation>
    </message>
    <message>
        <source>service %1: %2</source>
        <translation>service %1: %2</translation>
    </message>
    <message>
        <source>signal %1 received: stopping</source>
        <translation>signal %1 received: stopping</translation>
    </message>
    <message>
        <source>Services: %1. Stop with Ctrl+C.</source>
        <translation>Services: %1. Stop with Ctrl+C.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>not starting %1: %2</source>
        <translation>not starting %1: %2</translation>
    </message>
    <message>
        <source>Store: %1 (this bench: %2)</source>
        <translation>Store: %1 (this bench: %2)</translation>
    </message>
    <message>
        <source>store disconnected since %1 (%2); up to %3 events wait</source>
        <translation>store disconnected since %1 (%2); up to %3 events wait</translation>
    </message>
    <message>
        <source>store connected again; %1 events lost</source>
        <translation>store connected again; %1 events lost</translation>
    </message>
    <message>
        <source>imaging environment: ready (kernel %1)</source>
        <translation>imaging environment: ready (kernel %1)</translation>
    </message>
    <message>
        <source>imaging environment: %1, and it cannot be built: missing package(s) %2; install with: %3</source>
        <translation>imaging environment: %1, and it cannot be built: missing package(s) %2; install with: %3</translation>
    </message>
    <message>
        <source>imaging environment: %1 (%2): building it</source>
        <translation>imaging environment: %1 (%2): building it</translation>
    </message>
    <message>
        <source>imaging environment: %1 % %2</source>
        <translation>imaging environment: %1 % %2</translation>
    </message>
    <message>
        <source>imaging environment: ready</source>
        <translation>imaging environment: ready</translation>
    </message>
    <message>
        <source>imaging environment: build failed: %1</source>
        <translation>imaging environment: build failed: %1</translation>
    </message>
</context>
<context>
    <name>bootbench::ServiceConfig</name>
    <message>
        <source>unknown service &quot;%1&quot; (known: %2, or none)</source>
        <translation>unknown service &quot;%1&quot; (known: %2, or none)</translation>
    </message>
    <message>
        <source>the DHCP server needs an address pool: --dhcp-range FIRST-LAST</source>
        <translation>the DHCP server needs an address pool: --dhcp-range FIRST-LAST</translation>
    </message>
    <message>
        <source>the DHCP range starts after it ends (%1-%2)</source>
        <translation>the DHCP range starts after it ends (%1-%2)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a range of IPv4 addresses like 192.0.2.100-192.0.2.200</source>
        <translation>&quot;%1&quot; is not a range of IPv4 addresses like 192.0.2.100-192.0.2.200</translation>
    </message>
    <message>
        <source>the range %1 starts after it ends</source>
        <translation>the range %1 starts after it ends</translation>
    </message>
</context>
<context>
    <name>bootbench::ServiceErrorText</name>
    <message>
        <source>%1 on %2</source>
        <translation>%1 on %2</translation>
    </message>
    <message>
        <source>cannot bind %1: permission denied; binding port %2 (below 1024) needs privilege: run as root, or grant it once with &quot;%3&quot;</source>
        <translation>cannot bind %1: permission denied; binding port %2 (below 1024) needs privilege: run as root, or grant it once with &quot;%3&quot;</translation>
    </message>
    <message>
        <source>binding port %1 (below 1024) needs privilege: run as root, or grant it once with &quot;%2&quot;</source>
        <translation>binding port %1 (below 1024) needs privilege: run as root, or grant it once with &quot;%2&quot;</translation>
    </message>
    <message>
        <source>cannot bind %1 to interface %2: permission denied (needs CAP_NET_RAW: &quot;%3&quot;)</source>
        <translation>cannot bind %1 to interface %2: permission denied (needs CAP_NET_RAW: &quot;%3&quot;)</translation>
    </message>
    <message>
        <source>%1 is already in use by another program</source>
        <translation>%1 is already in use by another program</translation>
    </message>
    <message>
        <source>%1 is already in use by %2 (pid %3)</source>
        <translation>%1 is already in use by %2 (pid %3)</translation>
    </message>
    <message>
        <source>cannot listen for HTTP on %1: the port is taken by %2 (pid %3)</source>
        <translation>cannot listen for HTTP on %1: the port is taken by %2 (pid %3)</translation>
    </message>
    <message>
        <source> (ports below 1024 need privilege: %1)</source>
        <translation> (ports below 1024 need privilege: %1)</translation>
    </message>
    <message>
        <source>cannot listen for HTTP on %1: </source>
        <translation>cannot listen for HTTP on %1: </translation>
    </message>
    <message>
        <source>%1 (%2) is missing: package %3 is not installed - apt-get install %3</source>
        <translation>%1 (%2) is missing: package %3 is not installed - apt-get install %3</translation>
    </message>
    <message>
        <source>missing %1 (%2): %3 is not installed (%4 not found) - apt-get install %3</source>
        <translation>missing %1 (%2): %3 is not installed (%4 not found) - apt-get install %3</translation>
    </message>
    <message>
        <source>optional files of %1 are not installed - apt-get install %1</source>
        <translation>optional files of %1 are not installed - apt-get install %1</translation>
    </message>
    <message>
        <source>run as root, or grant it once with &quot;%1&quot;</source>
        <translation>run as root, or grant it once with &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The proxyDHCP</source>
        <translation>The proxyDHCP</translation>
    </message>
    <message>
        <source>The bench DHCP server</source>
        <translation>The bench DHCP server</translation>
    </message>
    <message>
        <source>%1 does not start: </source>
        <translation>%1 does not start: </translation>
    </message>
    <message>
        <source>the imaging environment is incomplete: %1 missing in %2 (vendor imaging boots boot/kernel with boot/initrd and boot/root; put them there)</source>
        <translation>the imaging environment is incomplete: %1 missing in %2 (vendor imaging boots boot/kernel with boot/initrd and boot/root; put them there)</translation>
    </message>
</context>
<context>
    <name>bootbench::ServicesPanel</name>
    <message>
        <source>Proxy DHCP (UDP 67, 4011)</source>
        <translation>Proxy DHCP (UDP 67, 4011)</translation>
    </message>
    <message>
        <source>DHCP server (UDP 67)</source>
        <translation>DHCP server (UDP 67)</translation>
    </message>
    <message>
        <source>TFTP (UDP 69)</source>
        <translation>TFTP (UDP 69)</translation>
    </message>
    <message>
        <source>Policy (HTTP)</source>
        <translation>Policy (HTTP)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Starting</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Running</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>no IPv4 address</source>
        <translation>no IPv4 address</translation>
    </message>
    <message>
        <source>link up</source>
        <translation>link up</translation>
    </message>
    <message>
        <source>no link</source>
        <translation>no link</translation>
    </message>
    <message>
        <source>loopback</source>
        <translation>loopback</translation>
    </message>
    <message>
        <source>your uplink — not recommended</source>
        <translation>your uplink — not recommended</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Network</translation>
    </message>
    <message>
        <source>The one interface the bench&apos;s DHCP answers may leave by. Choose the bench network, not your uplink.</source>
        <translation>The one interface the bench&apos;s DHCP answers may leave by. Choose the bench network, not your uplink.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>List the machine&apos;s interfaces again</source>
        <translation>List the machine&apos;s interfaces again</translation>
    </message>
    <message>
        <source>Interface:</source>
        <translation>Interface:</translation>
    </message>
    <message>
        <source>Phase 1:</source>
        <translation>Phase 1:</translation>
    </message>
    <message>
        <source>Address pool:</source>
        <translation>Address pool:</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>Start all</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>Stop all</translation>
    </message>
    <message>
        <source>(choose the bench interface)</source>
        <translation>(choose the bench interface)</translation>
    </message>
    <message>
        <source>Not available: the service could not be created (see above).</source>
        <translation>Not available: the service could not be created (see above).</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>The services cannot start: %1.</source>
        <translation>The services cannot start: %1.</translation>
    </message>
    <message>
        <source>This build cannot create network services.</source>
        <translation>This build cannot create network services.</translation>
    </message>
    <message>
        <source>The services could not be created: %1.</source>
        <translation>The services could not be created: %1.</translation>
    </message>
    <message>
        <source>No interface chosen: no DHCP answer will be sent until you choose the bench interface above.</source>
        <translation>No interface chosen: no DHCP answer will be sent until you choose the bench interface above.</translation>
    </message>
    <message>
        <source>%1 holds the default route (your uplink): answering DHCP there can disturb the network it leads to. Prefer a separate bench interface.</source>
        <translation>%1 holds the default route (your uplink): answering DHCP there can disturb the network it leads to. Prefer a separate bench interface.</translation>
    </message>
    <message>
        <source>Proxy DHCP only</source>
        <translation>Proxy DHCP only</translation>
    </message>
    <message>
        <source>DHCP server + proxy DHCP</source>
        <translation>DHCP server + proxy DHCP</translation>
    </message>
    <message>
        <source>Variant A: the network already has a DHCP server; Bootbench only adds the boot information.</source>
        <translation>Variant A: the network already has a DHCP server; Bootbench only adds the boot information.</translation>
    </message>
    <message>
        <source>Variant B: an isolated bench; Bootbench also hands out the addresses of the pool below.</source>
        <translation>Variant B: an isolated bench; Bootbench also hands out the addresses of the pool below.</translation>
    </message>
    <message>
        <source>Proxy only when the network already has a DHCP server; with the server on an isolated bench.</source>
        <translation>Proxy only when the network already has a DHCP server; with the server on an isolated bench.</translation>
    </message>
    <message>
        <source>The boot chain in the TFTP root is not complete:</source>
        <translation>The boot chain in the TFTP root is not complete:</translation>
    </message>
    <message>
        <source>IPv6: answer &quot;no router here&quot;</source>
        <translation>IPv6: answer &quot;no router here&quot;</translation>
    </message>
    <message>
        <source>The DHCP server answers IPv6 router solicitations on the interface with &quot;no IPv6 router here&quot;, so iPXE does not wait ~16 s for IPv6 on every boot. Turn it off when the bench network has its own IPv6 router.</source>
        <translation>The DHCP server answers IPv6 router solicitations on the interface with &quot;no IPv6 router here&quot;, so iPXE does not wait ~16 s for IPv6 on every boot. Turn it off when the bench network has its own IPv6 router.</translation>
    </message>
    <message>
        <source>The DHCP server needs an address pool: type its first and last address. The other services run without it.</source>
        <translation>The DHCP server needs an address pool: type its first and last address. The other services run without it.</translation>
    </message>
    <message>
        <source>The first address of the pool is not an IPv4 address.</source>
        <translation>The first address of the pool is not an IPv4 address.</translation>
    </message>
    <message>
        <source>The last address of the pool is not an IPv4 address.</source>
        <translation>The last address of the pool is not an IPv4 address.</translation>
    </message>
    <message>
        <source>The pool&apos;s first address comes after its last.</source>
        <translation>The pool&apos;s first address comes after its last.</translation>
    </message>
    <message>
        <source>Waiting for a usable address pool (above).</source>
        <translation>Waiting for a usable address pool (above).</translation>
    </message>
    <message>
        <source>no interface</source>
        <translation>no interface</translation>
    </message>
    <message>
        <source>The services are running. Restart them on %1 with &quot;%2&quot;? Machines booting now lose their transfers.</source>
        <translation>The services are running. Restart them on %1 with &quot;%2&quot;? Machines booting now lose their transfers.</translation>
    </message>
    <message>
        <source>%1 is your uplink: it holds the default route. Answering DHCP there can disturb the network it leads to, not only the bench. Restart the services on %1 anyway?</source>
        <translation>%1 is your uplink: it holds the default route. Answering DHCP there can disturb the network it leads to, not only the bench. Restart the services on %1 anyway?</translation>
    </message>
    <message>
        <source>Restart the services</source>
        <translation>Restart the services</translation>
    </message>
    <message>
        <source>Proxy DHCP (UDP %1, %2)</source>
        <translation>Proxy DHCP (UDP %1, %2)</translation>
    </message>
    <message>
        <source>DHCP server (UDP %1)</source>
        <translation>DHCP server (UDP %1)</translation>
    </message>
    <message>
        <source>TFTP (UDP %1)</source>
        <translation>TFTP (UDP %1)</translation>
    </message>
    <message>
        <source>Policy (HTTP %1)</source>
        <translation>Policy (HTTP %1)</translation>
    </message>
    <message>
        <source>Not running: machines get no answer from it. Start it with the button.</source>
        <translation>Not running: machines get no answer from it. Start it with the button.</translation>
    </message>
    <message>
        <source>Opening its ports…</source>
        <translation>Opening its ports…</translation>
    </message>
    <message>
        <source>Running: it answers the machines on its ports.</source>
        <translation>Running: it answers the machines on its ports.</translation>
    </message>
    <message>
        <source>It could not start or stopped by itself: the reason is below the row.</source>
        <translation>It could not start or stopped by itself: the reason is below the row.</translation>
    </message>
</context>
<context>
    <name>bootbench::TakeActionEditor</name>
    <message>
        <source>e.g. lab-pc-2024.img</source>
        <translation>e.g. lab-pc-2024.img</translation>
    </message>
    <message>
        <source>/dev/sda or 0</source>
        <translation>/dev/sda or 0</translation>
    </message>
    <message>
        <source>New image name:</source>
        <translation>New image name:</translation>
    </message>
    <message>
        <source>Disk to read:</source>
        <translation>Disk to read:</translation>
    </message>
    <message>
        <source>An image of that name exists: taking the image replaces it.</source>
        <translation>An image of that name exists: taking the image replaces it.</translation>
    </message>
    <message>
        <source>The image is uploaded to %1.</source>
        <translation>The image is uploaded to %1.</translation>
    </message>
    <message>
        <source>Whole disk, as a folder image (partition table and every partition)</source>
        <translation>Whole disk, as a folder image (partition table and every partition)</translation>
    </message>
    <message>
        <source>Replace an image of that name</source>
        <translation>Replace an image of that name</translation>
    </message>
    <message>
        <source>An image of that name exists: the take fails unless it may replace it.</source>
        <translation>An image of that name exists: the take fails unless it may replace it.</translation>
    </message>
</context>
<context>
    <name>bootbench::ThroughputView</name>
    <message>
        <source>TFTP</source>
        <translation>TFTP</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>MB/s</source>
        <translation>MB/s</translation>
    </message>
    <message>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>silent &gt; 90 s</source>
        <translation>silent &gt; 90 s</translation>
    </message>
    <message>
        <source>Active %1 (menu %2) · done %3 · local boot %4 · failed %5 · %6 events</source>
        <translation>Active %1 (menu %2) · done %3 · local boot %4 · failed %5 · %6 events</translation>
    </message>
</context>
<context>
    <name>bootbench::TimelineView</name>
    <message>
        <source>No work → local boot</source>
        <translation>No work → local boot</translation>
    </message>
    <message>
        <source>Menu shown / choice</source>
        <translation>Menu shown / choice</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>Expected refusal</source>
        <translation>Expected refusal</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>First seen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>All devices</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Search MAC, name or IP</source>
        <translation>Search MAC, name or IP</translation>
    </message>
    <message>
        <source>Follow now</source>
        <translation>Follow now</translation>
    </message>
    <message>
        <source>Keep the newest events in view. Zooming or panning stops following.</source>
        <translation>Keep the newest events in view. Zooming or panning stops following.</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>All lanes</translation>
    </message>
    <message>
        <source>Show every lane (Ctrl+wheel zooms the lanes, the wheel zooms time)</source>
        <translation>Show every lane (Ctrl+wheel zooms the lanes, the wheel zooms time)</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>Sort:</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>no event for %1</source>
        <translation>no event for %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2–%3, %n event(s)</source>
        <translation>
            <numerusform>%1: %2–%3, %n event</numerusform>
            <numerusform>%1: %2–%3, %n events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  … and %n more event(s)</source>
        <translation>
            <numerusform>  … and %n more event</numerusform>
            <numerusform>  … and %n more events</numerusform>
        </translation>
    </message>
    <message>
        <source>Older events are summarised here; the device details list them all.</source>
        <translation>Older events are summarised here; the device details list them all.</translation>
    </message>
</context>
<context>
    <name>bootbench::UnsavedEdits</name>
    <message>
        <source>The new bundle</source>
        <translation>The new bundle</translation>
    </message>
    <message>
        <source>The bundle &quot;%1&quot;</source>
        <translation>The bundle &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The new hardware rule</source>
        <translation>The new hardware rule</translation>
    </message>
    <message>
        <source>The hardware rule &quot;%1&quot;</source>
        <translation>The hardware rule &quot;%1&quot;</translation>
    </message>
    <message>
        <source>The device %1</source>
        <translation>The device %1</translation>
    </message>
    <message>
        <source>The preboot menu</source>
        <translation>The preboot menu</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved.</source>
        <translation>%1 has changes that are not saved.</translation>
    </message>
    <message>
        <source>Save them, discard them, or go back to them?</source>
        <translation>Save them, discard them, or go back to them?</translation>
    </message>
</context>
<context>
    <name>bootbench::WinPeActionEditor</name>
    <message>
        <source>Folder with bootmgr.exe, Boot/BCD, Boot/boot.sdi, sources/boot.wim</source>
        <translation>Folder with bootmgr.exe, Boot/BCD, Boot/boot.sdi, sources/boot.wim</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Boot manager:</source>
        <translation>Boot manager:</translation>
    </message>
    <message>
        <source>BCD:</source>
        <translation>BCD:</translation>
    </message>
    <message>
        <source>boot.sdi:</source>
        <translation>boot.sdi:</translation>
    </message>
    <message>
        <source>WinPE image (.wim):</source>
        <translation>WinPE image (.wim):</translation>
    </message>
    <message>
        <source>WinPE folder:</source>
        <translation>WinPE folder:</translation>
    </message>
    <message>
        <source>Folder with the WinPE files</source>
        <translation>Folder with the WinPE files</translation>
    </message>
    <message>
        <source>(not chosen)</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (missing)</translation>
    </message>
    <message>
        <source>Choose a folder: the four files are looked for in it.</source>
        <translation>Choose a folder: the four files are looked for in it.</translation>
    </message>
    <message>
        <source>boot manager</source>
        <translation>boot manager</translation>
    </message>
    <message>
        <source>BCD</source>
        <translation>BCD</translation>
    </message>
    <message>
        <source>boot.sdi</source>
        <translation>boot.sdi</translation>
    </message>
    <message>
        <source>WinPE image</source>
        <translation>WinPE image</translation>
    </message>
    <message>
        <source>✓ All four WinPE files are present.</source>
        <translation>✓ All four WinPE files are present.</translation>
    </message>
    <message>
        <source>✗ Missing: %1.</source>
        <translation>✗ Missing: %1.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>In phase 7 the device loads the boot manager, which reads the BCD, then boot.sdi and the WinPE image: these are the four files the bundle names.</source>
        <translation>In phase 7 the device loads the boot manager, which reads the BCD, then boot.sdi and the WinPE image: these are the four files the bundle names.</translation>
    </message>
</context>
</TS>
