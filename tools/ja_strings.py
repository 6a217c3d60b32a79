# Japanese UI texts for Bootbench, keyed by the English source text.
# JA_CTX overrides a source text that means something else in one context.
# Terms: バンドル, 割り当て, ハードウェアルール, プロキシDHCP, TFTP, タイムライン, フェーズ,
# プリブート, イメージング, ストア (the data store), イメージストア.

JA_CTX = {
    # --help value names stay as they are (they are syntax, like the option names).
    ("bootbench::CommandLine", "NAME"): "NAME",
    ("bootbench::CommandLine", "KIND"): "KIND",
    ("bootbench::CommandLine", "IMAGE"): "IMAGE",
    ("bootbench::CommandLine", "DISK"): "DISK",
}

JA = {
    # BundleProblemText
    "Empty (no imaging work)": "空（イメージング作業なし）",
    "Imaging script": "イメージングスクリプト",
    "Vendor image: restore": "ベンダーイメージ: 復元",
    "Vendor image: take": "ベンダーイメージ: 取得",
    "Third-party image (WinPE)": "サードパーティイメージ (WinPE)",
    "Multicast image set": "マルチキャストイメージセット",
    "Run a script": "スクリプトを実行",
    "Restore an image": "イメージを復元",
    "Take an image": "イメージを取得",
    "Boot WinPE": "WinPE を起動",
    "Multicast session": "マルチキャストセッション",
    "Enter a name for the bundle.": "バンドル名を入力してください。",
    "Remove the spaces at the start or end of the name.": "名前の先頭または末尾の空白を削除してください。",
    "The name may not contain '/' or control characters.": "名前に '/' や制御文字は使用できません。",
    "Kernel parameters must be on one line.": "カーネルパラメーターは 1 行で入力してください。",
    "This kind of bundle needs an action: add one.": "この種類のバンドルにはアクションが必要です。追加してください。",
    "This kind of bundle holds exactly one action: remove the others.":
        "この種類のバンドルのアクションは 1 つだけです。ほかを削除してください。",
    "This action does not fit a bundle of this kind: remove it or change the kind.":
        "このアクションはこの種類のバンドルに使えません。削除するか、種類を変更してください。",
    "Write the script the imaging environment runs.": "イメージング環境で実行するスクリプトを記述してください。",
    "Enter the name of the image to create.": "作成するイメージの名前を入力してください。",
    "Choose an image from the image store.": "イメージストアからイメージを選択してください。",
    "Use a plain file name: no '/', '\\' or leading '.'.":
        "単純なファイル名を使用してください（'/'、'\\'、先頭の '.' は使用不可）。",
    "The image's checksum is not known yet.": "イメージのチェックサムはまだ不明です。",
    "Enter a device path (/dev/sda, /dev/nvme0n1) or a disk number (0 is the first disk).":
        "デバイスパス (/dev/sda、/dev/nvme0n1) またはディスク番号（0 が最初のディスク）を入力してください。",
    "Enter partition numbers separated by commas (e.g. 1,2), or leave empty for all.":
        "パーティション番号をカンマ区切りで入力してください（例: 1,2）。空欄にするとすべてが対象です。",
    "Choose the folder that holds the WinPE files.": "WinPE ファイルがあるフォルダーを選択してください。",
    "Choose this file from the folder.": "このファイルをフォルダーから選択してください。",
    "Between 1 and 1000 machines.": "1～1000 台の範囲で指定してください。",
    "Between 0 and 86400 seconds.": "0～86400 秒の範囲で指定してください。",
    "This image is not in the image store any more: choose another or copy it back.":
        "このイメージはイメージストアにありません。別のイメージを選択するか、コピーし直してください。",
    "This folder does not exist.": "このフォルダーは存在しません。",
    "This file is not in the folder.": "このファイルはフォルダー内にありません。",
    # Application
    'Try "bootbench --help".': '"bootbench --help" を参照してください。',
    "No display found: starting the headless service host (bootbench serve).":
        "ディスプレイが見つかりません。ヘッドレスのサービスホスト (bootbench serve) を起動します。",
    'unknown command "%1"': '不明なコマンド "%1"',
    "cannot create the data folder %1": "データフォルダー %1 を作成できません",
    "cannot create the TFTP root %1": "TFTP ルート %1 を作成できません",
    # AssignDialog
    "&Once: cleared after the work succeeds (the device then boots its own disk)":
        "1 回のみ(&O): 作業が成功すると解除（以後デバイスは自身のディスクから起動）",
    "&Persistent: the work runs on every network boot": "常時(&P): ネットワークブートのたびに作業を実行",
    "Assign a bundle": "バンドルを割り当て",
    "%n device(s): %1": "%n 台のデバイス: %1",
    "&Bundle:": "バンドル(&B):",
    "&Assign": "割り当て(&A)",
    "There is no bundle yet: create one on the Bundles page.":
        "バンドルがまだありません。「バンドル」ページで作成してください。",
    # AssignmentsEditor
    "pending": "待機中",
    "running": "実行中",
    "done": "完了",
    "failed": "失敗",
    "&Once (cleared after success)": "1 回のみ(&O)（成功後に解除）",
    "&Persistent": "常時(&P)",
    "&Assign…": "割り当て(&A)…",
    "&Reset to pending": "待機中に戻す(&R)",
    "&Unassign": "割り当て解除(&U)",
    "MAC address": "MAC アドレス",
    "Name": "名前",
    "Assigned": "割り当て",
    "Assign a bundle to the selected devices": "選択したデバイスにバンドルを割り当て",
    "Devices (select, then drag onto a bundle)": "デバイス（選択してバンドルへドラッグ）",
    "A drop assigns:": "ドロップ時の割り当て:",
    "Bundle": "バンドル",
    "Mode": "モード",
    "State": "状態",
    "Reason": "理由",
    "Finished": "終了日時",
    "Assignments": "割り当て",
    "Cannot read the store: %1": "ストアを読み込めません: %1",
    "%1 — %n device(s)": "%1 — %n 台",
    'Drop devices here to assign "%1" to them': 'ここにデバイスをドロップすると "%1" を割り当てます',
    "persistent": "常時",
    "once": "1 回のみ",
    "%1: %2 (%3)": "%1: %2 (%3)",
    "This replaces the work assigned to %n device(s):": "%n 台のデバイスに割り当て済みの作業を置き換えます:",
    "Imaging is running on at least one of them: replacing its work does not stop it.":
        "少なくとも 1 台でイメージングを実行中です。作業を置き換えても、実行中の処理は停止しません。",
    "Replace assignments": "割り当てを置き換え",
    "Nothing assigned: %1": "割り当てられませんでした: %1",
    'Assigned "%1" to %n device(s), persistent.': '"%1" を %n 台のデバイスに割り当てました（常時）。',
    'Assigned "%1" to %n device(s), once.': '"%1" を %n 台のデバイスに割り当てました（1 回のみ）。',
    "Nothing reset: %1": "リセットされませんでした: %1",
    "The selected assignments are pending already.": "選択した割り当てはすでに待機中です。",
    "%n assignment(s) reset to pending: the work runs at the next network boot.":
        "%n 件の割り当てを待機中に戻しました。次回のネットワークブートで作業を実行します。",
    "Unassign": "割り当て解除",
    "Remove the work assigned to %n device(s)?": "%n 台のデバイスに割り当てた作業を解除しますか?",
    "Nothing unassigned: %1": "割り当てを解除できませんでした: %1",
    "Unassigned %n device(s).": "%n 台のデバイスの割り当てを解除しました。",
    # BundleCommand
    "NAME": "名前",
    "KIND": "種類",
    "KERNEL PARAMETERS": "カーネルパラメーター",
    "DESCRIPTION": "説明",
    'there is no bundle named "%1"': 'バンドル "%1" はありません',
    "name: %1\nkind: %2\nkernel parameters: %3\ndescription: %4\nassigned to: %5\nused by rules: %6\n":
        "名前: %1\n種類: %2\nカーネルパラメーター: %3\n説明: %4\n割り当て先: %5\n使用しているルール: %6\n",
    'unknown bundle kind "%1" (known: %2)': '不明なバンドルの種類 "%1"（有効な種類: %2）',
    "added bundle %1 (%2)": "バンドル %1 (%2) を追加しました",
    "removed bundle %1": "バンドル %1 を削除しました",
    "choose one of --once and --persistent": "--once と --persistent のどちらか一方を指定してください",
    "assigned %1 to %2 (%3)": "%1 を %2 に割り当てました (%3)",
    "unassigned %1": "%1 の割り当てを解除しました",
    # BundleForm
    "e.g. win11-lab": "例: win11-lab",
    "What the bundle is for (shown to technicians only)": "バンドルの用途（技術者にのみ表示）",
    "extra kernel command line, e.g. quiet nomodeset": "追加のカーネルコマンドライン（例: quiet nomodeset）",
    "&Name:": "名前(&N):",
    "&Kind:": "種類(&K):",
    "&Description:": "説明(&D):",
    "Kernel &parameters:": "カーネルパラメーター(&P):",
    "Add": "追加",
    "Remove": "削除",
    "Up": "上へ",
    "Run this action earlier": "このアクションを先に実行",
    "Down": "下へ",
    "Run this action later": "このアクションを後に実行",
    "Run in this order:": "実行順:",
    "Actions": "アクション",
    "An empty bundle has no imaging work: a device it is assigned to boots its own disk. "
    "Use it to hold a place or to stop imaging for some devices.":
        "空のバンドルにはイメージング作業がありません。割り当てられたデバイスは自身のディスクから起動します。"
        "仮の割り当てや、一部のデバイスのイメージングを止めるのに使います。",
    "No action yet: add one.": "アクションがまだありません。追加してください。",
    'Bootbench does not know the action "%1": remove it.': '不明なアクション "%1" です。削除してください。',
    'A bundle named "%1" exists already: choose another name.':
        'バンドル "%1" はすでに存在します。別の名前を指定してください。',
    "%n problem(s) to fix before saving; the first: %1": "保存する前に %n 件の問題を修正してください。最初の問題: %1",
    "Action %1: %2": "アクション %1: %2",
    # BundlesEditor
    "&New bundle": "新規バンドル(&N)",
    "&Delete…": "削除(&D)…",
    "&Save": "保存(&S)",
    # One word per action across the editors: Revert 変更を破棄, Undo 元に戻す.
    "&Revert": "変更を破棄(&R)",
    "Imaging bundles:": "イメージングバンドル:",
    "Cannot read the bundles: %1": "バンドルを読み込めません: %1",
    "Unsaved changes": "未保存の変更",
    'The bundle "%1" has changes that are not saved. Discard them?':
        'バンドル "%1" に未保存の変更があります。破棄しますか?',
    "New bundle: give it a name and its actions, then save.": "新規バンドル: 名前とアクションを設定して保存してください。",
    "Not saved: %1": "保存されませんでした: %1",
    'Saved "%1".': '"%1" を保存しました。',
    'Cannot check where "%1" is used: %2': '"%1" の使用箇所を確認できません: %2',
    'Delete the bundle "%1"? It is not assigned to any device nor used by any rule.':
        'バンドル "%1" を削除しますか? どのデバイスにも割り当てられておらず、どのルールでも使われていません。',
    "It is assigned to %n device(s): %1.": "%n 台のデバイスに割り当てられています: %1。",
    "It is used by %n hardware rule(s): %1.": "%n 件のハードウェアルールで使われています: %1。",
    'Delete the bundle "%1"?': 'バンドル "%1" を削除しますか?',
    "Deleting it also removes these assignments and rules.": "削除すると、これらの割り当てとルールも削除されます。",
    "Delete bundle": "バンドルを削除",
    "Not deleted: %1": "削除されませんでした: %1",
    'Deleted "%1".': '"%1" を削除しました。',
    # CommandLine
    "usage: ": "使い方: ",
    "Bootbench: network boot and imaging for a bench of PCs.\n\n"
    "Without a command, opens the window. Commands:\n"
    "  serve                               run the services headless until SIGINT/SIGTERM\n"
    "  device list | show MAC | add MAC [--name NAME] | remove MAC\n"
    "  device events MAC | device events --all    a device's (or every) boot events\n"
    "  bundle list | show NAME | remove NAME\n"
    "  bundle add NAME --kind empty|script|image-restore|image-take|winpe|multicast\n"
    "             [--kernel-params \"...\"] [--description TEXT] [--script FILE]\n"
    "             [--image IMAGE [--disk auto|/dev/NAME] [--overwrite]]   folder image (docs/images.md)\n"
    "  device token MAC                    the device's engine token (bootbench.token=)\n"
    "  assign MAC BUNDLE [--once|--persistent]     unassign MAC\n"
    "  image list | show NAME | verify NAME | remove NAME    folder images (docs/images.md)\n"
    "  image import DIR [--name NAME] | export NAME DIR   Bootbench, Clonezilla or FOG image folders\n"
    "  environment build | status [--engine FILE]   the imaging environment in boot/ (docs/environment.md)\n"
    "  rule list | remove ID | move ID POSITION\n"
    "  rule add --bundle NAME --match \"FIELD OP VALUE\" [--match ...] [--any] [--negate] [--name N] [--disabled]\n"
    "           FIELD: mac manufacturer model serial asset-tag architecture ram-mb disk-mb\n"
    "           OP: contains equals starts-with (text), equals lt le gt ge (ram-mb, disk-mb in MB)\n"
    "  menu check FILE | import FILE | export [FILE]   the pxemenu.txt Preboot Menu\n"
    "  menu hash-password                  hash a menu password read from standard input\n"
    "  export FILE | import FILE               the whole configuration as JSON\n"
    "  replay FILE [--speed N]                 play a recorded event log into the window\n\n"
    "Global options may come before or after the command. Management commands take --json.":
        "Bootbench: PC ベンチ向けのネットワークブートとイメージング。\n\n"
        "コマンドを指定しないとウィンドウを開きます。コマンド:\n"
        "  serve                               SIGINT/SIGTERM を受けるまでサービスをヘッドレスで実行\n"
        "  device list | show MAC | add MAC [--name NAME] | remove MAC\n"
        "  device events MAC | device events --all    デバイスの（または全デバイスの）ブートイベント\n"
        "  bundle list | show NAME | remove NAME\n"
        "  bundle add NAME --kind empty|script|image-restore|image-take|winpe|multicast\n"
        "             [--kernel-params \"...\"] [--description TEXT] [--script FILE]\n"
        "             [--image IMAGE [--disk auto|/dev/NAME] [--overwrite]]   フォルダーイメージ (docs/images.md)\n"
        "  device token MAC                    デバイスのエンジン用トークン（bootbench.token=）\n"
        "  assign MAC BUNDLE [--once|--persistent]     unassign MAC\n"
        "  image list | show NAME | verify NAME | remove NAME    フォルダーイメージ (docs/images.md)\n"
        "  image import DIR [--name NAME] | export NAME DIR   Bootbench・Clonezilla・FOG のイメージフォルダー\n"
        "  environment build | status [--engine FILE]   boot/ のイメージング環境 (docs/environment.md)\n"
        "  rule list | remove ID | move ID POSITION\n"
        "  rule add --bundle NAME --match \"FIELD OP VALUE\" [--match ...] [--any] [--negate] [--name N] [--disabled]\n"
        "           FIELD: mac manufacturer model serial asset-tag architecture ram-mb disk-mb\n"
        "           OP: contains equals starts-with（テキスト）、equals lt le gt ge（ram-mb、disk-mb は MB 単位）\n"
        "  menu check FILE | import FILE | export [FILE]   pxemenu.txt のプリブートメニュー\n"
        "  menu hash-password                  標準入力から読んだメニューのパスワードをハッシュ化\n"
        "  export FILE | import FILE               構成全体を JSON で書き出し / 読み込み\n"
        "  replay FILE [--speed N]                 記録したイベントログをウィンドウで再生\n\n"
        "グローバルオプションはコマンドの前後どちらにも指定できます。管理コマンドは --json を受け付けます。",
    '--%1 needs a port number 1-65535, not "%2"': '--%1 にはポート番号 1-65535 を指定してください（"%2" は無効です）',
    "Folder for the store, the TFTP root and logs.": "ストア、TFTP ルート、ログを置くフォルダー。",
    "DIR": "DIR",
    "Database URL: a SQLite file (default <data dir>/bootbench.db) or postgresql://user:pw@host/db.":
        "データベース URL: SQLite ファイル（既定: <data dir>/bootbench.db）または postgresql://user:pw@host/db。",
    "URL": "URL",
    "INI file with service settings (same names as the options below).":
        "サービス設定の INI ファイル（設定名は下記のオプションと同じ）。",
    "FILE": "FILE",
    "Language of the interface: ja or en (default: the system's).": "UI の言語: ja または en（既定: システムの言語）。",
    "LANG": "LANG",
    "The one network interface the DHCP services answer on.": "DHCP サービスが応答する唯一のネットワークインターフェース。",
    "IF": "IF",
    "Our IPv4 address on that interface (TFTP, HTTP, DHCP server id).":
        "そのインターフェースでの自身の IPv4 アドレス（TFTP、HTTP、DHCP サーバー ID）。",
    "IP": "IP",
    "Services to run: comma-separated from proxydhcp, dhcp, tftp, policy; or none.":
        "実行するサービス: proxydhcp, dhcp, tftp, policy からカンマ区切りで指定、または none。",
    "LIST": "LIST",
    "Phase-1 variant: proxy (another DHCP server exists) or server (Bootbench hands out addresses too).":
        "フェーズ 1 の方式: proxy（別の DHCP サーバーがある）または server（Bootbench がアドレスも配布）。",
    "MODE": "MODE",
    "Address pool of the bench DHCP server.": "ベンチ用 DHCP サーバーのアドレスプール。",
    "FIRST-LAST": "FIRST-LAST",
    "Bootstrap for a client architecture, e.g. 7=snponly.efi for iPXE instead of the signed shim on x64 UEFI "
    "(repeatable; defaults 0=undionly.kpxe, 7/9/16=shimx64.efi).":
        "クライアントアーキテクチャごとのブートストラップ。例: 7=snponly.efi で x64 UEFI に署名済み shim の代わりに "
        "iPXE を渡す（繰り返し指定可。既定: 0=undionly.kpxe、7/9/16=shimx64.efi）。",
    "ARCH=FILE": "ARCH=FILE",
    "Folder served by TFTP (default <data dir>/tftp).": "TFTP で公開するフォルダー（既定: <data dir>/tftp）。",
    "TFTP port (default 69).": "TFTP ポート（既定: 69）。",
    "N": "N",
    "DHCP/proxyDHCP port (default 67).": "DHCP/proxyDHCP ポート（既定: 67）。",
    "PXE boot-server port (default 4011).": "PXE ブートサーバーのポート（既定: 4011）。",
    "Policy service HTTP port (default 8080).": "ポリシーサービスの HTTP ポート（既定: 8080）。",
    "Management commands: print JSON.": "管理コマンド: JSON で出力。",
    "device add: the device's name; rule add: the rule's name; image import: the image's name.":
        "device add: デバイス名、rule add: ルール名、image import: イメージ名。",
    "bundle add: the bundle kind.": "bundle add: バンドルの種類。",
    "bundle add: kernel parameters.": "bundle add: カーネルパラメーター。",
    "TEXT": "TEXT",
    "bundle add: a description.": "bundle add: 説明。",
    "bundle add: the folder image an image-take takes or an image-restore restores.": "bundle add: image-take が取得する、または image-restore が復元するフォルダーイメージ。",
    "bundle add: the disk of the image action (auto: the only or largest fixed disk).": "bundle add: イメージ操作のディスク (auto: 唯一または最大の固定ディスク)。",
    "bundle add: the image-take may replace an existing image.": "bundle add: image-take が既存のイメージを置き換えてよい。",
    "--image needs --kind image-take or image-restore": "--image には --kind image-take または image-restore が必要です",
    # ImageCommand (bootbench image ...)
    "not an image: %1": "イメージではありません: %1",
    "SIZE": "サイズ",
    "TABLE": "パーティションテーブル",
    "PARTITIONS": "パーティション",
    "FROM": "取得元",
    "TAKEN": "取得日時",
    "name: %1\ntaken: %2 from %3\ndisk: %4 bytes, %5\n": "名前: %1\n取得: %2 (%3 から)\nディスク: %4 バイト, %5\n",
    "partition %1: %2 %3, %4\n": "パーティション %1: %2 %3, %4\n",
    "verifying %1: %2 of %3": "%1 を検証中: %3 中 %2",
    "image %1 is whole: every stream has its size and SHA-256": "イメージ %1 は完全です: すべてのストリームのサイズと SHA-256 が一致しました",
    "image %1: %2": "イメージ %1: %2",
    "image %1 is used by bundle %2; remove it from the bundle first": "イメージ %1 はバンドル %2 で使われています。先にバンドルから外してください",
    "removed image %1": "イメージ %1 を削除しました",
    "bundle add: a file whose text becomes the bundle's script action.":
        "bundle add: このファイルの内容をバンドルのスクリプトアクションにします。",
    'a bundle of kind "%1" cannot hold a script (--script needs --kind script or image-restore)':
        '種類 "%1" のバンドルはスクリプトを持てません（--script には --kind script または image-restore が必要です）',
    "cannot read the script %1: %2": "スクリプト %1 を読み込めません: %2",
    "the script %1 is empty": "スクリプト %1 は空です",
    # DeviceTableModel / DeviceDetails: the imaging engine's progress (phase 8)
    "running script %1/%2": "スクリプト %1/%2 を実行中",
    "%1: action %2/%3": "%1: アクション %2/%3",
    "%1 % at %2/s": "%1 %（%2/s）",
    "%1 %": "%1 %",
    "Engine": "エンジン",
    "Engine (last report)": "エンジン（最後の報告）",
    "Engine log": "エンジンのログ",
    "assign: cleared after success (default).": "assign: 成功後に解除（既定）。",
    "assign: kept after success.": "assign: 成功後も保持。",
    "rule add: the bundle the rule assigns.": "rule add: ルールが割り当てるバンドル。",
    'rule add: a criterion "FIELD OP VALUE" (repeatable).': 'rule add: 条件 "FIELD OP VALUE"（複数指定可）。',
    "CRITERION": "CRITERION",
    "rule add: combine the criteria with OR (default AND).": "rule add: 条件を OR で結合（既定は AND）。",
    "rule add: NOT the combined criteria.": "rule add: 結合した条件を NOT で否定。",
    "rule add: add the rule disabled.": "rule add: ルールを無効の状態で追加。",
    "device events: every device's events.": "device events: 全デバイスのイベント。",
    "replay: speed factor (default 1).": "replay: 再生速度の倍率（既定: 1）。",
    "The command (see above); none opens the window.": "コマンド（上記参照）。省略するとウィンドウを開きます。",
    "[command]": "[コマンド]",
    '--lang must be ja or en, not "%1"': '--lang には ja または en を指定してください（"%1" は無効です）',
    "the configuration file %1 does not exist": "設定ファイル %1 が存在しません",
    "cannot read the configuration file %1": "設定ファイル %1 を読み込めません",
    '--address needs an IPv4 address, not "%1"': '--address には IPv4 アドレスを指定してください（"%1" は無効です）',
    '--dhcp-mode must be proxy or server, not "%1"':
        '--dhcp-mode には proxy または server を指定してください（"%1" は無効です）',
    'Bench DHCP server: do not answer IPv6 router solicitations with "no router here" (then iPXE waits ~16 s '
    'for IPv6 on every boot unless a router answers). In a --config file: no-router-advertisements=true.':
        'ベンチ用 DHCP サーバー: IPv6 のルーター要請に「ここにルーターはない」と応答しない（その場合、ルーターが'
        '応答しない限り iPXE は起動のたびに IPv6 を約 16 秒待ちます）。--config ファイルでは '
        'no-router-advertisements=true。',
    "Port of the image downloads and uploads (default: HTTP port + 1).":
        "イメージのダウンロードとアップロードのポート（既定: HTTP ポート + 1）。",
    "Largest image upload accepted, in MiB (default 524288).":
        "受け付けるイメージアップロードの最大サイズ（MiB、既定: 524288）。",
    '--max-upload-mb needs a number of MiB, not "%1"':
        '--max-upload-mb には MiB 単位の数値を指定してください（"%1" は無効です）',
    '--boot-file needs ARCH=FILE (e.g. 7=snponly.efi), not "%1"':
        '--boot-file には ARCH=FILE を指定してください（例: 7=snponly.efi。"%1" は無効です）',
    'no-router-advertisements must be true or false, not "%1"':
        'no-router-advertisements には true または false を指定してください（"%1" は無効です）',
    # ConfigurationCommand
    "cannot write %1: %2": "%1 に書き込めません: %2",
    "exported the configuration to %1": "構成を %1 にエクスポートしました",
    "cannot read %1: %2": "%1 を読み込めません: %2",
    "%1 is not a JSON configuration: %2 at offset %3": "%1 は JSON 形式の構成ではありません: オフセット %3 で %2",
    "nothing was imported: %1": "何もインポートされませんでした: %1",
    "imported the configuration from %1": "%1 から構成をインポートしました",
    # CriteriaBuilder
    "Manufacturer": "メーカー",
    "Model": "モデル",
    "Serial number": "シリアル番号",
    "Asset tag": "資産タグ",
    "Architecture": "アーキテクチャ",
    "RAM (MB)": "RAM (MB)",
    "Disk (MB)": "ディスク (MB)",
    "contains": "含む",
    "equals": "等しい",
    "starts with": "前方一致",
    "bios, x64-uefi, …": "bios, x64-uefi, …",
    "Add &condition": "条件を追加(&C)",
    "Add &group": "グループを追加(&G)",
    "Re&move": "削除(&M)",
    "Condition": "条件",
    "Comparison": "比較",
    "Value": "値",
    "Problem": "問題",
    "All of (AND)": "すべて一致 (AND)",
    "Any of (OR)": "いずれか一致 (OR)",
    "Not (NOT)": "否定 (NOT)",
    "Add at least one condition: a rule without criteria matches nothing.":
        "条件を 1 つ以上追加してください。条件のないルールはどのデバイスにも一致しません。",
    "Add at least one condition to this group, or remove it.":
        "このグループに条件を 1 つ以上追加するか、グループを削除してください。",
    "NOT takes exactly one condition (put a group inside it for more).":
        "NOT に入れられる条件は 1 つだけです（複数にするには中にグループを入れてください）。",
    "Enter a value.": "値を入力してください。",
    "Enter a whole number of MB, e.g. 8192.": "MB 単位の整数を入力してください（例: 8192）。",
    'Not a whole MAC address: use "contains" or "starts with" for a part of one.':
        "完全な MAC アドレスではありません。一部で照合するには「含む」か「前方一致」を使用してください。",
    # CsvImportDialog
    "&Skip the lines with problems and import the rest": "問題のある行をスキップして残りをインポート(&S)",
    "Import devices from %1": "%1 からデバイスをインポート",
    "Line": "行",
    "Serial": "シリアル",
    "A device with this MAC exists already.": "この MAC のデバイスはすでに存在します。",
    "No MAC address.": "MAC アドレスがありません。",
    '"%1" is not a MAC address (expected six hex pairs like 52:54:00:12:34:56).':
        '"%1" は MAC アドレスではありません（52:54:00:12:34:56 のように 16 進数 2 桁 × 6 組で指定）。',
    "Same MAC as line %1.": "%1 行目と同じ MAC です。",
    'A quote (") is not closed; the rest of the file is not read.':
        '引用符 (") が閉じていません。ファイルの残りは読み込まれません。',
    "The %1 column needs a whole number.": "%1 列には整数を指定してください。",
    "%n device(s) to import": "インポートするデバイス: %n 台",
    "%n line(s) with problems": "問題のある行: %n 行",
    "the first line names the columns": "1 行目は列名",
    "ignored columns: %1": "無視した列: %1",
    "&Import": "インポート(&I)",
    "Columns: MAC, name, then optionally serial, asset tag, manufacturer, model — "
    "or any order with a first line naming them.":
        "列: MAC、名前、続けて任意でシリアル、資産タグ、メーカー、モデル — 1 行目に列名を書けば順序は自由です。",
    "&Import %n device(s)": "%n 台をインポート(&I)",
    "Nothing imported: line %1: %2": "インポートされませんでした: %1 行目: %2",
    "Nothing imported: %1": "インポートされませんでした: %1",
    # DeviceCommand
    "MAC": "MAC",
    "ARCH": "アーキテクチャ",
    "LAST SEEN": "最終確認",
    '"%1" is not a MAC address': '"%1" は MAC アドレスではありません',
    "there is no device with MAC %1": "MAC %1 のデバイスはありません",
    "added device %1": "デバイス %1 を追加しました",
    "removed device %1": "デバイス %1 を削除しました",
    # DeviceDetails
    "Click a lane or a row to see a device.": "レーンまたは行をクリックするとデバイスを表示します。",
    "Reading the event history from the store…": "ストアからイベント履歴を読み込み中…",
    "Showing the newest %1 of %2 events: without a store, older events are only summarised on the timeline.":
        "%2 件中、最新 %1 件のイベントを表示しています。ストアがないため、古いイベントはタイムライン上の要約のみです。",
    "The event history could not be read: %1": "イベント履歴を読み込めませんでした: %1",
    "Showing the newest %1 events of this device.": "このデバイスの最新 %1 件のイベントを表示しています。",
    "The device could not be read from the store: %1": "ストアからデバイスを読み込めませんでした: %1",
    "Now": "現在",
    "Phase": "フェーズ",
    "Failure": "失敗",
    "Last event": "最新イベント",
    "Transfer": "転送",
    "Identity": "識別情報",
    "IP address": "IP アドレス",
    "UUID": "UUID",
    "First seen": "初回確認",
    "Hardware": "ハードウェア",
    "Manufacturer / model": "メーカー / モデル",
    "Memory": "メモリ",
    "%1 MB": "%1 MB",
    "Disk": "ディスク",
    "Image-safe data": "イメージング保持データ",
    "Addressing": "アドレス設定",
    "DHCP": "DHCP",
    "static": "固定",
    "IP / mask / gateway": "IP / マスク / ゲートウェイ",
    "DNS servers": "DNS サーバー",
    "Host name": "ホスト名",
    "DNS suffix": "DNS サフィックス",
    "Just imaged": "イメージング直後",
    "yes": "はい",
    "no": "いいえ",
    "In the store": "ストア登録",
    "not registered yet": "未登録",
    "Assignment": "割り当て",
    "Started / finished": "開始 / 終了",
    "none": "なし",
    # DeviceForm
    "Get an address by &DHCP": "DHCP でアドレスを取得(&D)",
    "Use a &static address": "固定アドレスを使用(&S)",
    "&Just imaged (the imaging engine sets and clears this)": "イメージング直後(&J)（イメージングエンジンが設定・解除）",
    "e.g. lab-pc-07": "例: lab-pc-07",
    "Use the global setting": "グローバル設定に従う",
    "Only when the hotkey is pressed": "ホットキーが押されたときのみ",
    "Always show the menu": "常にメニューを表示",
    "Never show the menu": "メニューを表示しない",
    "MAC address:": "MAC アドレス:",
    "Reported hardware:": "報告されたハードウェア:",
    "Preboot &menu:": "プリブートメニュー(&M):",
    "Image-safe data (kept on the disk, survives re-imaging)":
        "イメージング保持データ（ディスク上に保存され、再イメージング後も残る）",
    "&IP address:": "IP アドレス(&I):",
    "Subnet mas&k:": "サブネットマスク(&K):",
    "&Gateway:": "ゲートウェイ(&G):",
    "DNS ser&vers:": "DNS サーバー(&V):",
    "separated by commas": "カンマ区切り",
    "&Host name:": "ホスト名(&H):",
    "DNS s&uffix:": "DNS サフィックス(&U):",
    "(no device selected)": "（デバイス未選択）",
    "RAM %1 MB": "RAM %1 MB",
    "disk %1 MB": "ディスク %1 MB",
    "(not reported yet: the device has not booted from Bootbench)":
        "（未報告: このデバイスはまだ Bootbench から起動していません）",
    "Enter a name for the device.": "デバイス名を入力してください。",
    "Use at most 64 characters.": "64 文字以内で入力してください。",
    "Remove the spaces at either end and any control characters.": "両端の空白と制御文字を削除してください。",
    "A static address needs an IP address.": "固定アドレスには IP アドレスが必要です。",
    '"%1" is not an IPv4 address (e.g. 192.168.10.21).': '"%1" は IPv4 アドレスではありません（例: 192.168.10.21）。',
    "A static address needs a subnet mask.": "固定アドレスにはサブネットマスクが必要です。",
    '"%1" is not a subnet mask (e.g. 255.255.255.0 or /24).':
        '"%1" はサブネットマスクではありません（例: 255.255.255.0 または /24）。',
    '"%1" is not an IPv4 address.': '"%1" は IPv4 アドレスではありません。',
    "The gateway %1 is not in the device's subnet.": "ゲートウェイ %1 はデバイスのサブネット内にありません。",
    '"%1" is not an IPv4 address; separate servers with commas.':
        '"%1" は IPv4 アドレスではありません。サーバーはカンマで区切ってください。',
    "Use letters, digits and '-' (at most 63 per label), e.g. lab-pc-07.":
        "英字、数字、'-' を使用してください（ラベルごとに 63 文字以内）。例: lab-pc-07",
    "Use a domain name such as lab.example.": "lab.example のようなドメイン名を入力してください。",
    # DeviceTableModel
    "—": "—",
    "1 DHCP": "1 DHCP",
    "2 Bootstrap": "2 ブートストラップ",
    "3 Menu settings": "3 メニュー設定",
    "4 Work query": "4 作業の照会",
    "5 Loader": "5 ローダー",
    "6 Config file": "6 設定ファイル",
    "7 Imaging files": "7 イメージングファイル",
    "8 Imaging": "8 イメージング",
    "Active": "アクティブ",
    "Menu shown": "メニュー表示",
    "Local boot": "ローカルブート",
    "Done": "完了",
    "Failed": "失敗",
    "%1 % (%2 of %3)": "%1 %（%2 / %3）",
    "%1/s": "%1/s",
    "Failed: %1": "失敗: %1",
    "Duration": "所要時間",
    # DevicesEditor
    "global": "グローバル",
    "hotkey": "ホットキー",
    "always": "常に表示",
    "never": "表示しない",
    "&Add device": "デバイスを追加(&A)",
    "&Import CSV…": "CSV をインポート(&I)…",
    "Add a device ahead of time": "デバイスを事前に追加",
    "&MAC address:": "MAC アドレス(&M):",
    "N&ame:": "名前(&A):",
    "Menu": "メニュー",
    "Last seen": "最終確認",
    "Cannot read the devices: %1": "デバイスを読み込めません: %1",
    "Enter the device's MAC address.": "デバイスの MAC アドレスを入力してください。",
    "Not a MAC address: expected six hex pairs like 52:54:00:12:34:56.":
        "MAC アドレスではありません。52:54:00:12:34:56 のように 16 進数 2 桁 × 6 組で入力してください。",
    "A device with MAC %1 exists already.": "MAC %1 のデバイスはすでに存在します。",
    "Adds %1": "%1 を追加します",
    "Not added: fix the fields marked in red.": "追加されませんでした。赤で示された項目を修正してください。",
    "Not added: %1": "追加されませんでした: %1",
    "Added %1 (%2).": "%1 (%2) を追加しました。",
    "Import devices": "デバイスをインポート",
    "CSV files (*.csv *.txt);;All files (*)": "CSV ファイル (*.csv *.txt);;すべてのファイル (*)",
    "Cannot read %1: %2": "%1 を読み込めません: %2",
    "Imported %n device(s).": "%n 台のデバイスをインポートしました。",
    "The device %1 has changes that are not saved. Discard them?": "デバイス %1 に未保存の変更があります。破棄しますか?",
    "Saved %1.": "%1 を保存しました。",
    "Delete device": "デバイスを削除",
    "Delete the device %1? Its assignment is removed with it. It is added again when it next boots from Bootbench.":
        "デバイス %1 を削除しますか? 割り当ても一緒に削除されます。次に Bootbench から起動したときに再び追加されます。",
    "Deleted %1.": "%1 を削除しました。",
    # EventListModel
    "local boot": "ローカルブート",
    "menu shown": "メニュー表示",
    "expected refusal": "想定どおりの拒否",
    "Time": "時刻",
    "Service": "サービス",
    "Event": "イベント",
    "Outcome": "結果",
    "Detail": "詳細",
    "Peer": "相手先",
    "Bytes": "バイト",
    # Gui
    "Bootbench": "Bootbench",
    "The data store cannot be opened:\n%1": "データストアを開けません:\n%1",
    # ImagePicker
    "Refresh": "更新",
    "List the image store again (%1)": "イメージストアを再読み込み (%1)",
    "(choose an image from %1)": "（%1 からイメージを選択）",
    "%1 (not in the image store)": "%1（イメージストアにありません）",
    "The image %1 is not in the image store (%2).": "イメージ %1 はイメージストア (%2) にありません。",
    "The checksum could not be computed: %1": "チェックサムを計算できませんでした: %1",
    "computing…": "計算中…",
    "The checksum is still being computed; save when it is shown.":
        "チェックサムを計算中です。表示されてから保存してください。",
    "Size: %1 (%2 bytes)\nSHA-256: %3": "サイズ: %1（%2 バイト）\nSHA-256: %3",
    "Size: %1 (%2 bytes)\nSHA-256: computing… %3%": "サイズ: %1（%2 バイト）\nSHA-256: 計算中… %3%",
    # MainWindow
    "as fast as possible": "最高速",
    "%1×": "%1×",
    "Monitor": "モニター",
    "Services": "サービス",
    "Devices and throughput": "デバイスとスループット",
    "The device list could not be read: %1": "デバイス一覧を読み込めませんでした: %1",
    "Reading the last %n hour(s) of events from the store…": "ストアから直近 %n 時間のイベントを読み込み中…",
    "&File": "ファイル(&F)",
    "&Replay a recorded event log…": "記録したイベントログを再生(&R)…",
    "Open a &time range…": "期間を指定して開く(&T)…",
    "Needs a store": "ストアが必要です",
    "Back to &live": "ライブ表示に戻る(&L)",
    "Export the timeline (PNG, PDF)…": "タイムラインをエクスポート (PNG, PDF)…",
    "Export the events (CSV, JSON)…": "イベントをエクスポート (CSV, JSON)…",
    "Export the device table (CSV)…": "デバイス表をエクスポート (CSV)…",
    "&Quit": "終了(&Q)",
    "&View": "表示(&V)",
    "&Follow now": "現在時刻に追従(&F)",
    "&Help": "ヘルプ(&H)",
    "&About Bootbench": "Bootbench について(&A)",
    "About Bootbench": "Bootbench について",
    "Bootbench %1: network boot for an imaging bench, and where every machine is.":
        "Bootbench %1: イメージングベンチのためのネットワークブートと、全マシンの状況把握。",
    "%n earlier event(s) read from the store.": "ストアから過去のイベントを %n 件読み込みました。",
    "The earlier events could not be read: %1": "過去のイベントを読み込めませんでした: %1",
    "Open a time range": "期間を指定して開く",
    "The events could not be read: %1": "イベントを読み込めませんでした: %1",
    "%n event(s)": "%n 件のイベント",
    "Export the events": "イベントをエクスポート",
    "Replaying %1 at %2": "%1 を %2 で再生中",
    "%1 of %2 events": "イベント %1 / %2 件",
    "Replay of %1 finished: %2 events": "%1 の再生が終了しました: イベント %2 件",
    "there is no store to read earlier events from": "過去のイベントを読み込むストアがありません",
    "History %1": "履歴 %1",
    "Replay a recorded event log": "記録したイベントログを再生",
    "Event logs (*.json *.jsonl);;All files (*)": "イベントログ (*.json *.jsonl);;すべてのファイル (*)",
    "Real time": "実時間",
    "2× faster": "2 倍速",
    "5× faster": "5 倍速",
    "10× faster": "10 倍速",
    "50× faster": "50 倍速",
    "As fast as possible": "最高速",
    "Replay speed": "再生速度",
    "Speed:": "速度:",
    "Replay": "再生",
    "The event log cannot be replayed: %1": "イベントログを再生できません: %1",
    "From:": "開始:",
    "To:": "終了:",
    "Export the timeline": "タイムラインをエクスポート",
    "PNG image (*.png);;PDF document (*.pdf)": "PNG 画像 (*.png);;PDF 文書 (*.pdf)",
    "Timeline saved to %1": "タイムラインを %1 に保存しました",
    "%1 could not be written.": "%1 に書き込めませんでした。",
    "CSV (*.csv);;Event log for replay (*.json)": "CSV (*.csv);;再生用イベントログ (*.json)",
    "Reading the events from the store…": "ストアからイベントを読み込み中…",
    "%n event(s) saved to %1": "%n 件のイベントを %1 に保存しました",
    "Export the device table": "デバイス表をエクスポート",
    "CSV (*.csv)": "CSV (*.csv)",
    "Device table saved to %1": "デバイス表を %1 に保存しました",
    "%1 could not be written: %2": "%1 に書き込めませんでした: %2",
    # MenuCommand
    "exported the menu to %1": "メニューを %1 にエクスポートしました",
    "give the password on standard input, e.g. echo -n secret | bootbench menu hash-password":
        "パスワードは標準入力で渡してください（例: echo -n secret | bootbench menu hash-password）",
    "%1: %n error(s); nothing was imported": "%1: %n 件のエラー。何もインポートされませんでした",
    "%1: no errors": "%1: エラーなし",
    "imported the menu from %1": "%1 からメニューをインポートしました",
    # MonitorPage
    "Back to live": "ライブ表示に戻る",
    "Live: the events of the services running here.": "ライブ: ここで動いているサービスのイベントです。",
    # MulticastActionEditor
    " machines": " 台",
    " s": " 秒",
    "wait for all": "全台を待つ",
    "Image:": "イメージ:",
    "Expected machines:": "想定台数:",
    "Start after:": "開始までの時間:",
    "The session starts when the expected number of machines has joined, "
    "or when the time-out has passed since the first one joined.":
        "想定台数が参加したとき、または最初の 1 台の参加からタイムアウト時間が経過したときにセッションを開始します。",
    # RestoreActionEditor
    "/dev/sda or 0": "/dev/sda または 0",
    "all partitions": "すべてのパーティション",
    "Target disk:": "復元先ディスク:",
    "Partitions to restore:": "復元するパーティション:",
    # RuleCommand
    'criterion "%1" must be FIELD OP VALUE, e.g. "ram-mb ge 4096"':
        '条件 "%1" は FIELD OP VALUE の形式で指定してください（例: "ram-mb ge 4096"）',
    'unknown field "%1" in "%2"': '"%2" に不明なフィールド "%1" があります',
    'unknown comparison "%1" in "%2"': '"%2" に不明な比較 "%1" があります',
    "ID": "ID",
    "POS": "順位",
    "ENABLED": "有効",
    "BUNDLE": "バンドル",
    "CRITERIA": "条件",
    "added rule %1 at position %2": "ルール %1 を %2 番目に追加しました",
    "removed rule %1": "ルール %1 を削除しました",
    "moved rule %1 to position %2": "ルール %1 を %2 番目に移動しました",
    # RuleForm
    "&Enabled": "有効(&E)",
    "e.g. Dell desktops with 8 GB or more": "例: 8 GB 以上の Dell デスクトップ",
    "Criteria": "条件",
    "Which known devices match": "一致する既知のデバイス",
    "(choose a bundle)": "（バンドルを選択）",
    "%1 (no longer exists)": "%1（存在しません）",
    "Choose the bundle this rule assigns.": "このルールが割り当てるバンドルを選択してください。",
    "There is no bundle yet: create one on the Bundles page first.":
        "バンドルがまだありません。先に「バンドル」ページで作成してください。",
    'The bundle "%1" no longer exists: choose another.': 'バンドル "%1" はもう存在しません。別のバンドルを選択してください。',
    "Complete the criteria to see which devices match.": "条件を完成させると、一致するデバイスが表示されます。",
    "has its own assignment, which comes first": "個別の割り当てがあり、そちらが優先",
    'rule "%1" comes first': 'ルール "%1" が優先',
    "#%1": "#%1",
    "%1 MB RAM": "RAM %1 MB",
    "%1 of %n known device(s) match.": "既知のデバイス %n 台のうち %1 台が一致します。",
    "This rule decides the work of %n of them.": "このルールがそのうち %n 台の作業を決めます。",
    "The rule is disabled: it gives no work until it is enabled.":
        "このルールは無効です。有効にするまで作業を割り当てません。",
    # RulesEditor
    "(unnamed rule)": "（名前のないルール）",
    "&New rule": "新規ルール(&N)",
    "Move &up": "上へ移動(&U)",
    "Move do&wn": "下へ移動(&W)",
    "Checked in order; the first enabled rule that matches a device without its own assignment gives it its work.":
        "上から順に評価されます。個別の割り当てがないデバイスには、最初に一致した有効なルールが作業を割り当てます。",
    "Enabled: uncheck to skip this rule": "有効: チェックを外すとこのルールをスキップします",
    "Disabled: check to use this rule again": "無効: チェックするとこのルールを再び使用します",
    "The rule being edited has changes that are not saved. Discard them?":
        "編集中のルールに未保存の変更があります。破棄しますか?",
    "New rule: name it, choose its bundle and add conditions, then save. It is added at the end.":
        "新規ルール: 名前を付け、バンドルを選択して条件を追加し、保存してください。末尾に追加されます。",
    "Saved.": "保存しました。",
    "Delete rule": "ルールを削除",
    'Delete the rule "%1"?': 'ルール "%1" を削除しますか?',
    "Deleted.": "削除しました。",
    "Not moved: %1": "移動されませんでした: %1",
    "Moved to position %1.": "%1 番目に移動しました。",
    "Rule enabled.": "ルールを有効にしました。",
    "Rule disabled.": "ルールを無効にしました。",
    # ScriptActionEditor
    "#!/bin/sh\n# Runs in the imaging environment, e.g.:\nimg restore win11.img /dev/sda":
        "#!/bin/sh\n# イメージング環境で実行されます。例:\nimg restore win11.img /dev/sda",
    "Run by /bin/sh in the imaging environment. A non-zero exit status fails the work.":
        "イメージング環境の /bin/sh で実行されます。終了ステータスが 0 以外なら作業は失敗になります。",
    # Serve
    "Bootbench data: %1": "Bootbench データ: %1",
    "Store: %1": "ストア: %1",
    "TFTP root: %1": "TFTP ルート: %1",
    "No network interface chosen: no DHCP service starts. Choose the bench interface with --interface IF "
    "(or in the window). This machine's interfaces:":
        "ネットワークインターフェースが選択されていないため、DHCP サービスは起動しません。"
        "--interface IF（またはウィンドウ）でベンチ用インターフェースを選択してください。このマシンのインターフェース:",
    "interface %1 has no IPv4 address; give one with --address":
        "インターフェース %1 に IPv4 アドレスがありません。--address で指定してください",
    "cannot store events: %1": "イベントを保存できません: %1",
    "service %1: %2": "サービス %1: %2",
    "signal %1 received: stopping": "シグナル %1 を受信しました: 停止します",
    "Services: %1. Stop with Ctrl+C.": "サービス: %1。Ctrl+C で停止します。",
    "stopped": "停止しました",
    # ServicesPanel
    "Proxy DHCP (UDP 67, 4011)": "プロキシDHCP (UDP 67, 4011)",
    "DHCP server (UDP 67)": "DHCP サーバー (UDP 67)",
    "TFTP (UDP 69)": "TFTP (UDP 69)",
    "Policy (HTTP)": "ポリシー (HTTP)",
    "Stopped": "停止",
    "Starting": "起動中",
    "Running": "実行中",
    "no IPv4 address": "IPv4 アドレスなし",
    "link up": "リンクアップ",
    "no link": "リンクなし",
    "loopback": "ループバック",
    "your uplink — not recommended": "アップリンク — 非推奨",
    "Network": "ネットワーク",
    "The one interface the bench's DHCP answers may leave by. Choose the bench network, not your uplink.":
        "ベンチの DHCP 応答を送出する唯一のインターフェースです。アップリンクではなくベンチのネットワークを選択してください。",
    "List the machine's interfaces again": "このマシンのインターフェースを再取得",
    "Interface:": "インターフェース:",
    "Proxy DHCP only (a DHCP server already runs here)": "プロキシDHCP のみ（既存の DHCP サーバーあり）",
    "DHCP server + proxy DHCP (isolated bench)": "DHCP サーバー + プロキシDHCP（独立したベンチ）",
    "Phase 1:": "フェーズ 1:",
    "Address pool:": "アドレスプール:",
    'IPv6: answer "no router here"': 'IPv6:「ルーターなし」と応答',
    'The DHCP server answers IPv6 router solicitations on the interface with "no IPv6 router here", so iPXE '
    'does not wait ~16 s for IPv6 on every boot. Turn it off when the bench network has its own IPv6 router.':
        'DHCP サーバーがインターフェース上の IPv6 ルーター要請に「ここに IPv6 ルーターはない」と応答し、iPXE が'
        '起動のたびに IPv6 を約 16 秒待たないようにします。ベンチのネットワークに IPv6 ルーターがある場合はオフに'
        'してください。',
    "Start all": "すべて開始",
    "Stop all": "すべて停止",
    "(choose the bench interface)": "（ベンチ用インターフェースを選択）",
    "Not available: the service could not be created (see above).": "利用不可: サービスを作成できませんでした（上記参照）。",
    "Stop": "停止",
    "Start": "開始",
    "The services cannot start: %1.": "サービスを開始できません: %1。",
    "This build cannot create network services.": "このビルドではネットワークサービスを作成できません。",
    "The services could not be created: %1.": "サービスを作成できませんでした: %1。",
    "No interface chosen: no DHCP answer will be sent until you choose the bench interface above.":
        "インターフェースが選択されていません。上でベンチ用インターフェースを選択するまで、DHCP 応答は送信されません。",
    "%1 holds the default route (your uplink): answering DHCP there can disturb the network it leads to. "
    "Prefer a separate bench interface.":
        "%1 はデフォルトルート（アップリンク）です。ここで DHCP に応答すると接続先のネットワークに影響する恐れがあります。"
        "別のベンチ用インターフェースを使用してください。",
    # TakeActionEditor
    "e.g. lab-pc-2024.img": "例: lab-pc-2024.img",
    "New image name:": "新しいイメージ名:",
    "Disk to read:": "読み取るディスク:",
    "An image of that name exists: taking the image replaces it.":
        "同じ名前のイメージがあります。取得すると置き換えられます。",
    "The image is uploaded to %1.": "イメージは %1 にアップロードされます。",
    # ThroughputView
    "TFTP": "TFTP",
    "HTTP": "HTTP",
    "MB/s": "MB/s",
    "active": "アクティブ",
    "silent > 90 s": "無応答 > 90 秒",
    "Active %1 (menu %2) · done %3 · local boot %4 · failed %5 · %6 events":
        "アクティブ %1（メニュー %2）· 完了 %3 · ローカルブート %4 · 失敗 %5 · イベント %6 件",
    # TimelineView
    "No work → local boot": "作業なし → ローカルブート",
    "Menu shown / choice": "メニュー表示 / 選択",
    "Expected refusal": "想定どおりの拒否",
    "All devices": "すべてのデバイス",
    "Search MAC, name or IP": "MAC、名前、IP で検索",
    "Follow now": "現在時刻に追従",
    "Keep the newest events in view. Zooming or panning stops following.":
        "最新のイベントを常に表示します。ズームやパンをすると追従を止めます。",
    "All lanes": "すべてのレーン",
    "Show every lane (Ctrl+wheel zooms the lanes, the wheel zooms time)":
        "すべてのレーンを表示（Ctrl+ホイールでレーン、ホイールで時間軸をズーム）",
    "Sort:": "並べ替え:",
    "Show:": "表示:",
    "no event for %1": "%1 のイベントはありません",
    "%1: %2–%3, %n event(s)": "%1: %2–%3、イベント %n 件",
    "  … and %n more event(s)": "  … ほかにイベント %n 件",
    "Older events are summarised here; the device details list them all.":
        "古いイベントはここでは要約表示です。デバイス詳細にはすべて表示されます。",
    # WinPeActionEditor
    "Folder with bootmgr.exe, Boot/BCD, Boot/boot.sdi, sources/boot.wim":
        "bootmgr.exe、Boot/BCD、Boot/boot.sdi、sources/boot.wim を含むフォルダー",
    "Browse…": "参照…",
    "Boot manager:": "ブートマネージャー:",
    "BCD:": "BCD:",
    "boot.sdi:": "boot.sdi:",
    "WinPE image (.wim):": "WinPE イメージ (.wim):",
    "WinPE folder:": "WinPE フォルダー:",
    "The device loads the boot manager, which reads the BCD, then boot.sdi and the WinPE image (phase 7). "
    "The files are served from this folder.":
        "デバイスがブートマネージャーを読み込み、ブートマネージャーが BCD、続いて boot.sdi と WinPE イメージを"
        "読み込みます（フェーズ 7）。ファイルはこのフォルダーから配信されます。",
    "Folder with the WinPE files": "WinPE ファイルのフォルダー",
    "(not chosen)": "（未選択）",
    "%1 (missing)": "%1（見つかりません）",
    "Choose a folder: the four files are looked for in it.": "フォルダーを選択してください。その中で 4 つのファイルを探します。",
    "boot manager": "ブートマネージャー",
    "BCD": "BCD",
    "boot.sdi": "boot.sdi",
    "WinPE image": "WinPE イメージ",
    "✓ All four WinPE files are present.": "✓ WinPE ファイル 4 つがすべてそろっています。",
    "✗ Missing: %1.": "✗ 不足: %1。",
    ", ": "、",
    # Gui (replay) and Serve, second pass
    "usage: bootbench replay FILE [--speed N]  (N > 0)": "使い方: bootbench replay FILE [--speed N]  (N > 0)",
    "cannot replay %1: %2": "%1 を再生できません: %2",
    "not starting %1: %2": "%1 を起動しません: %2",
    # Second pass after the editors and monitor merge (EditorPages, MenuEditor, MenuEntriesModel,
    # MenuSettingsForm, MenuDiagnosticText, ServicesPanel)
    "Bundles": "バンドル",
    "Hardware rules": "ハードウェアルール",
    "Devices": "デバイス",
    "Preboot menu": "プリブートメニュー",
    "the title text": "タイトルの文字列",
    "a number of seconds": "秒数",
    "the id of an entry": "項目の ID",
    "a password hash": "パスワードのハッシュ",
    "the id of a menu": "メニューの ID",
    "an id, a label and an action": "ID、ラベル、アクション",
    "a label and an action": "ラベルとアクション",
    "an action (%1)": "アクション（%1）",
    "the name of a bundle": "バンドル名",
    'one letter or digit after "key"': '"key" の後に英字または数字 1 文字',
    'This quoted text has no closing "; add one at its end.':
        'この引用符で囲まれた文字列に閉じる " がありません。末尾に追加してください。',
    '"%1" is not allowed inside quotes; only \\" and \\\\ are.':
        '引用符の中では "%1" は使用できません。使用できるのは \\" と \\\\ だけです。',
    'Unknown directive "%1": a line starts with title, timeout, default, password, item, separator or menu (or # for a comment).':
        '不明なディレクティブ "%1" です。行の先頭は title、timeout、default、password、item、separator、menu のいずれか'
        '（コメントは #）にしてください。',
    '"%1" needs %2.': '"%1" には%2が必要です。',
    'Unexpected "%2" after %1; put text with spaces in double quotes.':
        '%1 の後に予期しない "%2" があります。空白を含む文字列は二重引用符で囲んでください。',
    '"%1" is given twice in this menu (first on line %2); keep one.':
        'このメニューで "%1" が 2 回指定されています（最初は %2 行目）。1 つだけにしてください。',
    'Time-out "%1" is not a whole number of seconds from 0 to %2.':
        'タイムアウト "%1" は 0～%2 の整数の秒数ではありません。',
    '"%1" is not a valid id: use 1 to %2 letters, digits, _ or -.':
        '"%1" は有効な ID ではありません。英字、数字、_、- を 1～%2 文字で指定してください。',
    'The entry id "%1" is already used on line %2; ids must be unique in the file.':
        '項目 ID "%1" は %2 行目ですでに使われています。ID はファイル内で一意にしてください。',
    '"main" is the menu at the top of the file; give this submenu another id.':
        '"main" はファイル先頭のメニューです。このサブメニューには別の ID を付けてください。',
    'The menu "%1" is already defined on line %2.': 'メニュー "%1" は %2 行目ですでに定義されています。',
    'Unknown action "%1"; use one of: %2 (labels with spaces go in double quotes).':
        '不明なアクション "%1" です。次のいずれかを使用してください: %2（空白を含むラベルは二重引用符で囲みます）。',
    'The default "%1" is not an entry of the menu "%2".': '既定値 "%1" はメニュー "%2" の項目ではありません。',
    'No menu "%1" is defined; add a "menu %1 TITLE" section.':
        'メニュー "%1" が定義されていません。"menu %1 TITLE" セクションを追加してください。',
    'The password protects the whole menu: move it above the first "menu" line.':
        'パスワードはメニュー全体を保護します。最初の "menu" 行より前に移動してください。',
    'The password must be a hash (pbkdf2-sha256$…), never the password itself: set passwords in the menu settings.':
        'パスワードにはハッシュ（pbkdf2-sha256$…）を指定します。パスワードそのものは書かず、メニュー設定で設定してください。',
    'The menu "%1" has no entry to choose; add an "item" line.':
        'メニュー "%1" に選択できる項目がありません。"item" 行を追加してください。',
    'The entry "%1" has an empty label.': '項目 "%1" のラベルが空です。',
    'The menu "%1" is never opened: no entry has "submenu %1".':
        'メニュー "%1" は開かれることがありません。"submenu %1" を持つ項目がありません。',
    'The label of "%1" has %2 characters and is cut on an 80-column screen.':
        '"%1" のラベルは %2 文字あり、80 桁の画面では切れて表示されます。',
    '"back" in the main menu only shows the main menu again.': 'メインメニューの "back" はメインメニューを再表示するだけです。',
    'No bundle named "%1" exists (yet).': '"%1" という名前のバンドルは（まだ）ありません。',
    'The hotkey "%1" must be one letter or digit, e.g. "key s".':
        'ホットキー "%1" は英字または数字 1 文字にしてください（例: "key s"）。',
    'The hotkey "%1" is already used in this menu on line %2; give each entry its own.':
        'ホットキー "%1" はこのメニューの %2 行目ですでに使われています。項目ごとに別のキーを指定してください。',
    "error": "エラー",
    "warning": "警告",
    "Line %1, column %2: %3: %4": "%1 行 %2 列: %3: %4",
    "Showing the newest %1 of %2 events: only these are kept in memory for a replay or without a store; older ones are summarised on the timeline.":
        "%2 件中、最新の %1 件のイベントを表示しています。再生中やストアがない場合はこれだけがメモリに保持され、"
        "それより古いものはタイムライン上に要約されます。",
    "&Undo": "元に戻す(&U)",
    "Re&do": "やり直し(&D)",
    "&Add entry": "項目を追加(&A)",
    "Re&move entry": "項目を削除(&M)",
    "File: %1": "ファイル: %1",
    "Re&load": "再読み込み(&L)",
    "&Keep mine": "こちらを維持(&K)",
    "Menu settings (all devices)": "メニュー設定（全デバイス）",
    "Entries": "項目",
    "Preview (80×25, as the device shows it)": "プレビュー（80×25、デバイスでの表示）",
    "Menu:": "メニュー:",
    "Not saved: the settings changed while the password was being hashed; save again.":
        "保存されていません: パスワードのハッシュ計算中に設定が変更されました。もう一度保存してください。",
    "Cannot read the menu from the store: %1": "ストアからメニューを読み込めません: %1",
    "%1 differs from the menu in use (it was edited while Bootbench was not running).":
        "%1 は使用中のメニューと異なります（Bootbench の停止中に編集されました）。",
    "Cannot write %1: %2": "%1 に書き込めません: %2",
    "No problems found.": "問題は見つかりませんでした。",
    "main menu": "メインメニュー",
    "Fix the errors first: a menu with errors is not served": "先にエラーを修正してください。エラーのあるメニューは配信されません",
    "Not saved: %n error(s) in the menu, the first: %1": "保存されていません: メニューに %n 件のエラーがあります。最初のエラー: %1",
    "Saving as soon as the new password is hashed…": "新しいパスワードのハッシュ計算が終わりしだい保存します…",
    "Not saved: cannot write %1: %2": "保存されていません: %1 に書き込めません: %2",
    "Saved for the devices, but %1 could not be replaced: %2": "デバイス用には保存しましたが、%1 を置き換えられませんでした: %2",
    "Saved: the devices get this menu from their next boot.": "保存しました。デバイスは次回の起動からこのメニューを受け取ります。",
    "Reverted to the menu in use.": "使用中のメニューに戻しました。",
    "%1 was changed outside Bootbench.": "%1 が Bootbench の外部で変更されました。",
    "The menu in use was changed elsewhere; this is it now.": "使用中のメニューが別の場所で変更されました。現在の内容を表示しています。",
    'The menu in use was changed elsewhere (e.g. "bootbench menu import").':
        '使用中のメニューが別の場所で変更されました（例: "bootbench menu import"）。',
    "Reload it? Your unsaved changes here are replaced (Undo brings them back).":
        "再読み込みしますか？ ここでの未保存の変更は置き換えられます（元に戻すで復元できます）。",
    "Reload it?": "再読み込みしますか？",
    "Loaded the file; save to serve it to the devices.": "ファイルを読み込みました。デバイスに配信するには保存してください。",
    "Loaded the menu in use.": "使用中のメニューを読み込みました。",
    "Kept the text here; saving replaces the other version.": "ここでの内容を維持しました。保存するともう一方の版は置き換えられます。",
    "New entry": "新しい項目",
    "Start imaging": "イメージングを開始",
    "Imaging maintenance": "イメージングの保守",
    "Run a bundle": "バンドルを実行",
    "Boot the local disk": "ローカルディスクから起動",
    "Reboot": "再起動",
    "Power off": "電源を切る",
    "Open a submenu": "サブメニューを開く",
    "Back to the main menu": "メインメニューに戻る",
    "Label": "ラベル",
    "Action": "アクション",
    "Bundle / submenu": "バンドル / サブメニュー",
    "Hotkey": "ホットキー",
    "Default": "既定",
    "Line %1 of pxemenu.txt": "pxemenu.txt の %1 行目",
    "main": "メイン",
    "default": "既定",
    "C&lear password": "パスワードを消去(&L)",
    "Always": "常に表示",
    "Never": "表示しない",
    "How long the device waits for the hotkey (and on UEFI for Enter) before going on":
        "デバイスが先に進む前にホットキー（UEFI では Enter も）を待つ時間",
    "new password": "新しいパスワード",
    "the same again": "もう一度同じもの",
    "Show the menu:": "メニューの表示:",
    "Hotkey time-out:": "ホットキーのタイムアウト:",
    "Password:": "パスワード:",
    "Set a new password:": "新しいパスワード:",
    "Confirm:": "確認:",
    "A new password will be set when you save.": "保存すると新しいパスワードが設定されます。",
    "The password will be cleared when you save.": "保存するとパスワードが消去されます。",
    "Set (stored as a salted hash; the menu asks for it).": "設定済み（ソルト付きハッシュで保存。メニューで入力を求めます）。",
    "None: anyone at the device can use the menu.": "なし: デバイスの前にいる誰でもメニューを使えます。",
    "Use at least %1 characters.": "%1 文字以上にしてください。",
    "The password starts or ends with a space; a keyboard at the device may not match it.":
        "パスワードの先頭または末尾に空白があります。デバイスのキーボードでは一致しない可能性があります。",
    "The two passwords differ.": "2 つのパスワードが一致しません。",
    "Proxy DHCP only": "プロキシDHCP のみ",
    "DHCP server + proxy DHCP": "DHCP サーバー + プロキシDHCP",
    "Variant A: the network already has a DHCP server; Bootbench only adds the boot information.":
        "構成 A: ネットワークに DHCP サーバーがすでにあり、Bootbench はブート情報だけを追加します。",
    "Variant B: an isolated bench; Bootbench also hands out the addresses of the pool below.":
        "構成 B: 独立したベンチ。Bootbench が下のプールのアドレスも配布します。",
    "Proxy only when the network already has a DHCP server; with the server on an isolated bench.":
        "ネットワークに DHCP サーバーがすでにある場合はプロキシのみ、独立したベンチではサーバー付きにします。",
    "In phase 7 the device loads the boot manager, which reads the BCD, then boot.sdi and the WinPE image: these are the four files the bundle names.":
        "フェーズ 7 でデバイスはブートマネージャーを読み込み、ブートマネージャーが BCD、続いて boot.sdi と WinPE イメージを"
        "読み込みます。バンドルが指定するのはこの 4 つのファイルです。",
    # ServiceErrorText: core's failure reasons, said again in Japanese (facts unchanged)
    "%1 on %2": "%1（%2）",
    'cannot bind %1: permission denied; binding port %2 (below 1024) needs privilege: run as root, or grant it once with "%3"':
        '%1 にバインドできません: 権限がありません。ポート %2（1024 未満）のバインドには権限が必要です。root で実行するか、'
        '一度だけ "%3" で権限を付与してください',
    'binding port %1 (below 1024) needs privilege: run as root, or grant it once with "%2"':
        'ポート %1（1024 未満）のバインドには権限が必要です。root で実行するか、一度だけ "%2" で権限を付与してください',
    'cannot bind %1 to interface %2: permission denied (needs CAP_NET_RAW: "%3")':
        '%1 をインターフェイス %2 に結び付けられません: 権限がありません（CAP_NET_RAW が必要: "%3"）',
    "%1 is already in use by another program": "%1 はほかのプログラムが使用中です",
    "%1 is already in use by %2 (pid %3)": "%1 は %2（PID %3）が使用中です",
    "cannot listen for HTTP on %1: the port is taken by %2 (pid %3)":
        "%1 で HTTP を待ち受けできません: ポートは %2（PID %3）が使用中です",
    " (ports below 1024 need privilege: %1)": "（1024 未満のポートには権限が必要です: %1）",
    "cannot listen for HTTP on %1: ": "%1 で HTTP を待ち受けできません: ",
    "%1 (%2) is missing: package %3 is not installed - apt-get install %3":
        "%1（%2）がありません: パッケージ %3 がインストールされていません。sudo apt-get install %3 でインストールしてください",
    "missing %1 (%2): %3 is not installed (%4 not found) - apt-get install %3":
        "%1（%2）がありません: %3 がインストールされていません（%4 が見つかりません）。"
        "sudo apt-get install %3 でインストールしてください",
    "optional files of %1 are not installed - apt-get install %1":
        "%1 のオプションのファイルがインストールされていません。sudo apt-get install %1 でインストールできます",
    'run as root, or grant it once with "%1"': 'root で実行するか、一度だけ "%1" で権限を付与してください',
    "The proxyDHCP": "プロキシDHCP",
    "The bench DHCP server": "ベンチの DHCP サーバー",
    "%1 does not start: ": "%1 は起動しません: ",
    "The boot chain in the TFTP root is not complete:": "TFTP ルートのブートチェーンが不完全です:",
    "not seen yet": "未確認",
    "Bundles (drop devices here)": "バンドル: デバイスをここへドロップ",
    "Reading %1…": "%1 を読み込んでいます…",
    # The command line: a binary file given to `menu import` / `menu check`.
    "%1 is not a text file: byte %2 on line %3, column %4 is not UTF-8 text (the menu is plain UTF-8 text). "
    "The line: %5":
        "%1 はテキストファイルではありません: %3 行 %4 列のバイト %2 は UTF-8 テキストではありません"
        "（メニューはプレーンな UTF-8 テキストです）。その行: %5",
    # The command line's settings and store errors (ServiceConfig, DatabaseUrl).
    'unknown service "%1" (known: %2, or none)': '不明なサービス "%1"（既知のサービス: %2、または none）',
    "the DHCP server needs an address pool: --dhcp-range FIRST-LAST":
        "DHCP サーバーにはアドレスプールが必要です: --dhcp-range FIRST-LAST",
    "the DHCP range starts after it ends (%1-%2)": "DHCP の範囲の開始が終了より後です（%1-%2）",
    '"%1" is not a range of IPv4 addresses like 192.0.2.100-192.0.2.200':
        '"%1" は 192.0.2.100-192.0.2.200 のような IPv4 アドレスの範囲ではありません',
    "the range %1 starts after it ends": "範囲 %1 の開始が終了より後です",
    "the database URL is empty": "データベース URL が空です",
    '"%1" is not a PostgreSQL URL like postgresql://user:password@host:5432/dbname':
        '"%1" は postgresql://user:password@host:5432/dbname のような PostgreSQL URL ではありません',
    'unsupported database URL "%1": use a SQLite file path or postgresql://...':
        'サポートされていないデータベース URL "%1" です。SQLite ファイルのパスか postgresql://... を指定してください',
    'the SQLite URL "%1" names no file': 'SQLite URL "%1" にファイル名がありません',
    # FirstStartGuide
    "No machine has booted here yet. Before the first one:": "このベンチではまだどのマシンも起動していません。最初の 1 台の前に:",
    "Choose the bench interface": "ベンチ用インターフェースを選択",
    "Choose the phase-1 variant": "フェーズ 1 の方式を選択",
    "Put the imaging environment in place": "イメージング環境を配置",
    "Make a bundle and give it to machines": "バンドルを作成してマシンに割り当て",
    "Start the services and power a machine on": "サービスを開始してマシンの電源を入れる",
    "The network card the bench's machines are plugged into, not your uplink.":
        "ベンチのマシンがつながっているネットワークカード（アップリンクではありません）。",
    "The DHCP server needs an address pool on the bench interface's network.":
        "DHCP サーバーには、ベンチ用インターフェースのネットワーク内のアドレスプールが必要です。",
    "Proxy DHCP only when the bench network already has a DHCP server; DHCP server + proxy DHCP on an isolated bench.":
        "ベンチのネットワークに DHCP サーバーがすでにあればプロキシDHCP のみ、独立したベンチなら DHCP サーバー + プロキシDHCP。",
    "The Linux environment the machines start for imaging: boot/kernel and boot/initrd in the TFTP root.":
        "マシンがイメージングのために起動する Linux 環境: TFTP ルートの boot/kernel と boot/initrd。",
    "A bundle exists; assign it to machines, or add a hardware rule that picks it.":
        "バンドルがあります。マシンに割り当てるか、それを選ぶハードウェアルールを追加してください。",
    "A bundle says what is installed; an assignment or a hardware rule says on which machines.":
        "バンドルは何をインストールするか、割り当てまたはハードウェアルールはどのマシンに行うかを決めます。",
    "The services run: power a machine on with network boot (PXE). It appears here as soon as it asks for an address.":
        "サービスは動作中です。ネットワークブート (PXE) でマシンの電源を入れてください。アドレスを要求するとすぐにここに表示されます。",
    "Start the services, then power a machine on with network boot (PXE).":
        "サービスを開始してから、ネットワークブート (PXE) でマシンの電源を入れてください。",
    "Go to the interface": "インターフェースへ",
    "Go to the variant": "方式へ",
    "Go to the boot files": "ブートファイルへ",
    "Open Bundles": "バンドルを開く",
    "Go to the services": "サービスへ",
    "Waiting": "待機中",
    "To do": "未完了",
    "the imaging environment is incomplete: %1 missing in %2 (vendor imaging boots boot/kernel with boot/initrd and boot/root; put them there)":
        "イメージング環境が不完全です: %2 に %1 がありません（ベンダーイメージングは boot/kernel を boot/initrd と "
        "boot/root で起動します。これらを配置してください）",
    # ServicesPanel: the pool, checked where typed
    "The DHCP server needs an address pool: type its first and last address. The other services run without it.":
        "DHCP サーバーにはアドレスプールが必要です。最初と最後のアドレスを入力してください。ほかのサービスはプールなしで動作します。",
    "The first address of the pool is not an IPv4 address.": "プールの最初のアドレスが IPv4 アドレスではありません。",
    "The last address of the pool is not an IPv4 address.": "プールの最後のアドレスが IPv4 アドレスではありません。",
    "The pool's first address comes after its last.": "プールの最初のアドレスが最後のアドレスより後ろにあります。",
    "Waiting for a usable address pool (above).": "使用できるアドレスプール（上）を待っています。",
    # MainWindow: unsaved edits, menus, shortcuts
    "Unsaved changes: %1": "未保存の変更: %1",
    "&Save": "保存(&S)",
    "Saves the edits of the editor page shown": "表示中のエディターページの編集内容を保存します",
    "E&xport the timeline (PNG, PDF)…": "タイムラインをエクスポート (PNG, PDF)(&X)…",
    "Export the &events (CSV, JSON)…": "イベントをエクスポート (CSV, JSON)(&E)…",
    "Export the device ta&ble (CSV)…": "デバイス表をエクスポート (CSV)(&B)…",
    "&Services": "サービス(&S)",
    "&Devices and throughput": "デバイスとスループット(&D)",
    "Searc&h the devices": "デバイスを検索(&H)",
    # UnsavedEdits
    "The new bundle": "新しいバンドル",
    "The bundle \"%1\"": "バンドル「%1」",
    "The new hardware rule": "新しいハードウェアルール",
    "The hardware rule \"%1\"": "ハードウェアルール「%1」",
    "The device %1": "デバイス %1",
    "The preboot menu": "プリブートメニュー",
    "%1 has changes that are not saved.": "%1 に保存されていない変更があります。",
    "Save them, discard them, or go back to them?": "保存しますか、破棄しますか、それとも編集に戻りますか?",
    # ServicesPanel: asked before running services move
    "no interface": "インターフェースなし",
    "The services are running. Restart them on %1 with \"%2\"? Machines booting now lose their transfers.":
        "サービスは動作中です。%1 で「%2」として再起動しますか? 起動中のマシンは転送を失います。",
    "%1 is your uplink: it holds the default route. Answering DHCP there can disturb the network it leads to, not only the bench. Restart the services on %1 anyway?":
        "%1 はアップリンクです（デフォルトルートを持っています）。そこで DHCP に応答すると、ベンチだけでなく"
        "その先のネットワークを乱すおそれがあります。それでも %1 でサービスを再起動しますか?",
    "Restart the services": "サービスの再起動",
    # Bench events (no MAC)
    "Bench events": "ベンチのイベント",
    "Bench events (%1)": "ベンチのイベント (%1)",
    "&Bench events": "ベンチのイベント(&B)",
    # ServicesPanel rows: ports and state tooltips
    "Proxy DHCP (UDP %1, %2)": "プロキシDHCP (UDP %1, %2)",
    "DHCP server (UDP %1)": "DHCP サーバー (UDP %1)",
    "TFTP (UDP %1)": "TFTP (UDP %1)",
    "Policy (HTTP %1)": "ポリシー (HTTP %1)",
    "Not running: machines get no answer from it. Start it with the button.":
        "停止中: マシンはこのサービスから応答を受けません。ボタンで開始してください。",
    "Opening its ports…": "ポートを開いています…",
    "Running: it answers the machines on its ports.": "動作中: ポートでマシンに応答しています。",
    "It could not start or stopped by itself: the reason is below the row.":
        "起動できなかったか、自ら停止しました。理由は行の下にあります。",
    # Shared store (PostgreSQL)
    "This bench's name in a shared store (its events and changes carry it; default: the host name).":
        "共有ストアでのこのベンチの名前（イベントと変更に記録されます。既定: ホスト名）。",
    "Store: %1 (this bench: %2)": "ストア: %1（このベンチ: %2）",
    "store disconnected since %1 (%2); up to %3 events wait":
        "ストアは %1 から切断中です（%2）。最大 %3 件のイベントが待機します",
    "store connected again; %1 events lost": "ストアに再接続しました。失われたイベント: %1 件",
    "Store disconnected since %1": "ストアは %1 から切断中",
    "warning: a password in --db shows in the process list; leave it out and set PGPASSWORD or use a password file (~/.pgpass or PGPASSFILE), see docs/shared-store.md":
        "警告: --db のパスワードはプロセス一覧に表示されます。URL から外し、PGPASSWORD またはパスワードファイル（~/.pgpass か PGPASSFILE）を使ってください（docs/shared-store.md を参照）",
    # Imaging environment (core/environment, bootbench environment, services panel)
    "Imaging environment": "イメージング環境",
    "Build": "ビルド",
    "Build boot/kernel, boot/initrd and boot/root from the Debian packages of this machine": "このマシンの Debian パッケージから boot/kernel、boot/initrd、boot/root をビルドします",
    "Building… %1 %": "ビルド中… %1 %",
    "Ready": "準備完了",
    "Stale: rebuild it": "古くなっています: 再ビルドしてください",
    "Missing: not built yet": "なし: まだビルドされていません",
    "Kernel %1": "カーネル %1",
    "Kernel %1 will be used": "カーネル %1 を使います",
    "Missing package %1. Install it with:\n%2": "パッケージ %1 がありません。次のコマンドでインストールしてください:\n%2",
    "The last build failed: %1": "前回のビルドは失敗しました: %1",
    "kernel release: %1": "カーネルリリース: %1",
    "SIZE": "サイズ",
    "SHA256": "SHA256",
    "%1 kernel modules, %2 firmware files, %3 packages": "カーネルモジュール %1 個、ファームウェア %2 個、パッケージ %3 個",
    "imaging environment built in %1": "イメージング環境を %1 にビルドしました",
    "nothing changed": "変更なし",
    "written: %1": "書き込み: %1",
    "imaging environment: %1": "イメージング環境: %1",
    "missing packages: %1; install them with: %2": "不足しているパッケージ: %1。次のコマンドでインストールしてください: %2",
    "environment: the bootbench-engine file to put in the imaging environment (default: next to bootbench in a build tree, else /usr/lib/bootbench/bootbench-engine).": "environment: イメージング環境に入れる bootbench-engine ファイル（既定: ビルドツリーでは bootbench の隣、それ以外は /usr/lib/bootbench/bootbench-engine）。",
    "serve and the window: do not build the imaging environment at start when it is missing or stale.": "serve とウィンドウ: 起動時にイメージング環境がない、または古くてもビルドしません。",
    "imaging environment: ready (kernel %1)": "イメージング環境: 準備完了（カーネル %1）",
    "imaging environment: %1, and it cannot be built: missing package(s) %2; install with: %3": "イメージング環境: %1。ビルドできません: パッケージ %2 がありません。インストール: %3",
    "imaging environment: %1 (%2): building it": "イメージング環境: %1（%2）: ビルドします",
    "imaging environment: %1 % %2": "イメージング環境: %1 % %2",
    "imaging environment: ready": "イメージング環境: 準備完了",
    "imaging environment: build failed: %1": "イメージング環境: ビルド失敗: %1",
    # ImageCommand: import and export
    "%1: %2 of %3": "%1: %3 中 %2",
    "%1: %2": "%1: %2",
    "cannot import %1: %2": "%1 をインポートできません: %2",
    "importing %1 (%2 image) as %3": "%1（%2 イメージ）を %3 としてインポート中",
    "imported %1 (%2 image) as image %3: %4 partitions, %5": "%1（%2 イメージ）をイメージ %3 としてインポートしました: パーティション %4 個、%5",
    "cannot export %1 to %2: %3": "%1 を %2 にエクスポートできません: %3",
    "exported image %1 to %2": "イメージ %1 を %2 にエクスポートしました",
    # ImagesPage, ImagePicker, TakeActionEditor: folder images in the window
    "Images": "イメージ",
    "%1 (whole disk, %n partition(s), %2)": "%1（ディスク全体、パーティション %n 個、%2）",
    "Whole-disk image: %1 of streams for a disk of %2 (%3)\nPartitions: %4\nTaken %5 from %6":
        "ディスク全体のイメージ: ストリーム %1、ディスク %2（%3）\nパーティション: %4\n取得: %5、%6 から",
    "%1 image %2 (disk %3)": "%1 イメージ %2（ディスク %3）",
    "&Verify": "検証(&V)",
    "&Remove…": "削除(&R)…",
    "Image": "イメージ",
    "Size": "サイズ",
    "Partitions": "パーティション",
    "Taken from": "取得元",
    "Taken": "取得日時",
    "Reads every stream of the image and checks its size and SHA-256 against the manifest":
        "イメージのすべてのストリームを読み、サイズと SHA-256 をマニフェストと照合します",
    "Re&fresh": "再読み込み(&F)",
    "Whole-disk images in %1: taken by image-take bundles, or imported with <i>bootbench image import</i> from "
    "Bootbench, Clonezilla and FOG image folders.":
        "%1 にあるディスク全体のイメージ: image-take バンドルで取得したもの、または <i>bootbench image import</i> で "
        "Bootbench・Clonezilla・FOG のイメージフォルダーから取り込んだものです。",
    "%1, %2": "%1、%2",
    "Not images (no restorable manifest): %1": "イメージではありません（復元できるマニフェストがありません）: %1",
    "No images yet.": "イメージはまだありません。",
    "%1: %p%": "%1: %p%",
    "Verifying %1…": "%1 を検証中…",
    "Image %1 is whole: every stream has its size and SHA-256.":
        "イメージ %1 は完全です: すべてのストリームのサイズと SHA-256 が一致しました。",
    "Image %1 is damaged: %2": "イメージ %1 は壊れています: %2",
    "Not removed: %1": "削除されませんでした: %1",
    "Not removed: image %1 is used by bundle %2. Choose another image in the bundle, or remove the bundle, first.":
        "削除されませんでした: イメージ %1 はバンドル %2 で使われています。先にバンドルで別のイメージを選ぶか、"
        "バンドルを削除してください。",
    "Remove image": "イメージを削除",
    "Remove the image %1 and all its files from %2?": "イメージ %1 とそのすべてのファイルを %2 から削除しますか?",
    "Removed image %1.": "イメージ %1 を削除しました。",
    "Whole disk, as a folder image (partition table and every partition)":
        "ディスク全体をフォルダーイメージとして取得（パーティションテーブルとすべてのパーティション）",
    "Replace an image of that name": "同じ名前のイメージを置き換える",
    "An image of that name exists: the take fails unless it may replace it.":
        "同じ名前のイメージがあります: 置き換えを許可しないと取得は失敗します。",
}
