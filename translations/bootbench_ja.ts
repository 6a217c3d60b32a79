<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>BundleProblemText</name>
    <message>
        <source>Empty (no imaging work)</source>
        <translation>空（イメージング作業なし）</translation>
    </message>
    <message>
        <source>Imaging script</source>
        <translation>イメージングスクリプト</translation>
    </message>
    <message>
        <source>Vendor image: restore</source>
        <translation>ベンダーイメージ: 復元</translation>
    </message>
    <message>
        <source>Vendor image: take</source>
        <translation>ベンダーイメージ: 取得</translation>
    </message>
    <message>
        <source>Third-party image (WinPE)</source>
        <translation>サードパーティイメージ (WinPE)</translation>
    </message>
    <message>
        <source>Multicast image set</source>
        <translation>マルチキャストイメージセット</translation>
    </message>
    <message>
        <source>Run a script</source>
        <translation>スクリプトを実行</translation>
    </message>
    <message>
        <source>Restore an image</source>
        <translation>イメージを復元</translation>
    </message>
    <message>
        <source>Take an image</source>
        <translation>イメージを取得</translation>
    </message>
    <message>
        <source>Boot WinPE</source>
        <translation>WinPE を起動</translation>
    </message>
    <message>
        <source>Multicast session</source>
        <translation>マルチキャストセッション</translation>
    </message>
    <message>
        <source>Enter a name for the bundle.</source>
        <translation>バンドル名を入力してください。</translation>
    </message>
    <message>
        <source>Remove the spaces at the start or end of the name.</source>
        <translation>名前の先頭または末尾の空白を削除してください。</translation>
    </message>
    <message>
        <source>The name may not contain &apos;/&apos; or control characters.</source>
        <translation>名前に &apos;/&apos; や制御文字は使用できません。</translation>
    </message>
    <message>
        <source>Kernel parameters must be on one line.</source>
        <translation>カーネルパラメーターは 1 行で入力してください。</translation>
    </message>
    <message>
        <source>This kind of bundle needs an action: add one.</source>
        <translation>この種類のバンドルにはアクションが必要です。追加してください。</translation>
    </message>
    <message>
        <source>This kind of bundle holds exactly one action: remove the others.</source>
        <translation>この種類のバンドルのアクションは 1 つだけです。ほかを削除してください。</translation>
    </message>
    <message>
        <source>This action does not fit a bundle of this kind: remove it or change the kind.</source>
        <translation>このアクションはこの種類のバンドルに使えません。削除するか、種類を変更してください。</translation>
    </message>
    <message>
        <source>Write the script the imaging environment runs.</source>
        <translation>イメージング環境で実行するスクリプトを記述してください。</translation>
    </message>
    <message>
        <source>Enter the name of the image to create.</source>
        <translation>作成するイメージの名前を入力してください。</translation>
    </message>
    <message>
        <source>Choose an image from the image store.</source>
        <translation>イメージストアからイメージを選択してください。</translation>
    </message>
    <message>
        <source>Use a plain file name: no &apos;/&apos;, &apos;\&apos; or leading &apos;.&apos;.</source>
        <translation>単純なファイル名を使用してください（&apos;/&apos;、&apos;\&apos;、先頭の &apos;.&apos; は使用不可）。</translation>
    </message>
    <message>
        <source>The image&apos;s checksum is not known yet.</source>
        <translation>イメージのチェックサムはまだ不明です。</translation>
    </message>
    <message>
        <source>Enter a device path (/dev/sda, /dev/nvme0n1) or a disk number (0 is the first disk).</source>
        <translation>デバイスパス (/dev/sda、/dev/nvme0n1) またはディスク番号（0 が最初のディスク）を入力してください。</translation>
    </message>
    <message>
        <source>Enter partition numbers separated by commas (e.g. 1,2), or leave empty for all.</source>
        <translation>パーティション番号をカンマ区切りで入力してください（例: 1,2）。空欄にするとすべてが対象です。</translation>
    </message>
    <message>
        <source>Choose the folder that holds the WinPE files.</source>
        <translation>WinPE ファイルがあるフォルダーを選択してください。</translation>
    </message>
    <message>
        <source>Choose this file from the folder.</source>
        <translation>このファイルをフォルダーから選択してください。</translation>
    </message>
    <message>
        <source>Between 1 and 1000 machines.</source>
        <translation>1～1000 台の範囲で指定してください。</translation>
    </message>
    <message>
        <source>Between 0 and 86400 seconds.</source>
        <translation>0～86400 秒の範囲で指定してください。</translation>
    </message>
    <message>
        <source>This image is not in the image store any more: choose another or copy it back.</source>
        <translation>このイメージはイメージストアにありません。別のイメージを選択するか、コピーし直してください。</translation>
    </message>
    <message>
        <source>This folder does not exist.</source>
        <translation>このフォルダーは存在しません。</translation>
    </message>
    <message>
        <source>This file is not in the folder.</source>
        <translation>このファイルはフォルダー内にありません。</translation>
    </message>
</context>
<context>
    <name>EditorPages</name>
    <message>
        <source>Bundles</source>
        <translation>バンドル</translation>
    </message>
    <message>
        <source>Assignments</source>
        <translation>割り当て</translation>
    </message>
    <message>
        <source>Hardware rules</source>
        <translation>ハードウェアルール</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>デバイス</translation>
    </message>
    <message>
        <source>Preboot menu</source>
        <translation>プリブートメニュー</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>イメージ</translation>
    </message>
</context>
<context>
    <name>MenuDiagnosticText</name>
    <message>
        <source>the title text</source>
        <translation>タイトルの文字列</translation>
    </message>
    <message>
        <source>a number of seconds</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>the id of an entry</source>
        <translation>項目の ID</translation>
    </message>
    <message>
        <source>a password hash</source>
        <translation>パスワードのハッシュ</translation>
    </message>
    <message>
        <source>the id of a menu</source>
        <translation>メニューの ID</translation>
    </message>
    <message>
        <source>an id, a label and an action</source>
        <translation>ID、ラベル、アクション</translation>
    </message>
    <message>
        <source>a label and an action</source>
        <translation>ラベルとアクション</translation>
    </message>
    <message>
        <source>an action (%1)</source>
        <translation>アクション（%1）</translation>
    </message>
    <message>
        <source>the name of a bundle</source>
        <translation>バンドル名</translation>
    </message>
    <message>
        <source>one letter or digit after &quot;key&quot;</source>
        <translation>&quot;key&quot; の後に英字または数字 1 文字</translation>
    </message>
    <message>
        <source>This quoted text has no closing &quot;; add one at its end.</source>
        <translation>この引用符で囲まれた文字列に閉じる &quot; がありません。末尾に追加してください。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not allowed inside quotes; only \&quot; and \\ are.</source>
        <translation>引用符の中では &quot;%1&quot; は使用できません。使用できるのは \&quot; と \\ だけです。</translation>
    </message>
    <message>
        <source>Unknown directive &quot;%1&quot;: a line starts with title, timeout, default, password, item, separator or menu (or # for a comment).</source>
        <translation>不明なディレクティブ &quot;%1&quot; です。行の先頭は title、timeout、default、password、item、separator、menu のいずれか（コメントは #）にしてください。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; needs %2.</source>
        <translation>&quot;%1&quot; には%2が必要です。</translation>
    </message>
    <message>
        <source>Unexpected &quot;%2&quot; after %1; put text with spaces in double quotes.</source>
        <translation>%1 の後に予期しない &quot;%2&quot; があります。空白を含む文字列は二重引用符で囲んでください。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is given twice in this menu (first on line %2); keep one.</source>
        <translation>このメニューで &quot;%1&quot; が 2 回指定されています（最初は %2 行目）。1 つだけにしてください。</translation>
    </message>
    <message>
        <source>Time-out &quot;%1&quot; is not a whole number of seconds from 0 to %2.</source>
        <translation>タイムアウト &quot;%1&quot; は 0～%2 の整数の秒数ではありません。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid id: use 1 to %2 letters, digits, _ or -.</source>
        <translation>&quot;%1&quot; は有効な ID ではありません。英字、数字、_、- を 1～%2 文字で指定してください。</translation>
    </message>
    <message>
        <source>The entry id &quot;%1&quot; is already used on line %2; ids must be unique in the file.</source>
        <translation>項目 ID &quot;%1&quot; は %2 行目ですでに使われています。ID はファイル内で一意にしてください。</translation>
    </message>
    <message>
        <source>&quot;main&quot; is the menu at the top of the file; give this submenu another id.</source>
        <translation>&quot;main&quot; はファイル先頭のメニューです。このサブメニューには別の ID を付けてください。</translation>
    </message>
    <message>
        <source>The menu &quot;%1&quot; is already defined on line %2.</source>
        <translation>メニュー &quot;%1&quot; は %2 行目ですでに定義されています。</translation>
    </message>
    <message>
        <source>Unknown action &quot;%1&quot;; use one of: %2 (labels with spaces go in double quotes).</source>
        <translation>不明なアクション &quot;%1&quot; です。次のいずれかを使用してください: %2（空白を含むラベルは二重引用符で囲みます）。</translation>
    </message>
    <message>
        <source>The default &quot;%1&quot; is not an entry of the menu &quot;%2&quot;.</source>
        <translation>既定値 &quot;%1&quot; はメニュー &quot;%2&quot; の項目ではありません。</translation>
    </message>
    <message>
        <source>No menu &quot;%1&quot; is defined; add a &quot;menu %1 TITLE&quot; section.</source>
        <translation>メニュー &quot;%1&quot; が定義されていません。&quot;menu %1 TITLE&quot; セクションを追加してください。</translation>
    </message>
    <message>
        <source>The password protects the whole menu: move it above the first &quot;menu&quot; line.</source>
        <translation>パスワードはメニュー全体を保護します。最初の &quot;menu&quot; 行より前に移動してください。</translation>
    </message>
    <message>
        <source>The password must be a hash (pbkdf2-sha256$…), never the password itself: set passwords in the menu settings.</source>
        <translation>パスワードにはハッシュ（pbkdf2-sha256$…）を指定します。パスワードそのものは書かず、メニュー設定で設定してください。</translation>
    </message>
    <message>
        <source>The menu &quot;%1&quot; has no entry to choose; add an &quot;item&quot; line.</source>
        <translation>メニュー &quot;%1&quot; に選択できる項目がありません。&quot;item&quot; 行を追加してください。</translation>
    </message>
    <message>
        <source>The entry &quot;%1&quot; has an empty label.</source>
        <translation>項目 &quot;%1&quot; のラベルが空です。</translation>
    </message>
    <message>
        <source>The menu &quot;%1&quot; is never opened: no entry has &quot;submenu %1&quot;.</source>
        <translation>メニュー &quot;%1&quot; は開かれることがありません。&quot;submenu %1&quot; を持つ項目がありません。</translation>
    </message>
    <message>
        <source>The label of &quot;%1&quot; has %2 characters and is cut on an 80-column screen.</source>
        <translation>&quot;%1&quot; のラベルは %2 文字あり、80 桁の画面では切れて表示されます。</translation>
    </message>
    <message>
        <source>&quot;back&quot; in the main menu only shows the main menu again.</source>
        <translation>メインメニューの &quot;back&quot; はメインメニューを再表示するだけです。</translation>
    </message>
    <message>
        <source>No bundle named &quot;%1&quot; exists (yet).</source>
        <translation>&quot;%1&quot; という名前のバンドルは（まだ）ありません。</translation>
    </message>
    <message>
        <source>The hotkey &quot;%1&quot; must be one letter or digit, e.g. &quot;key s&quot;.</source>
        <translation>ホットキー &quot;%1&quot; は英字または数字 1 文字にしてください（例: &quot;key s&quot;）。</translation>
    </message>
    <message>
        <source>The hotkey &quot;%1&quot; is already used in this menu on line %2; give each entry its own.</source>
        <translation>ホットキー &quot;%1&quot; はこのメニューの %2 行目ですでに使われています。項目ごとに別のキーを指定してください。</translation>
    </message>
    <message>
        <source>error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Line %1, column %2: %3: %4</source>
        <translation>%1 行 %2 列: %3: %4</translation>
    </message>
</context>
<context>
    <name>bootbench::Application</name>
    <message>
        <source>Try &quot;bootbench --help&quot;.</source>
        <translation>&quot;bootbench --help&quot; を参照してください。</translation>
    </message>
    <message>
        <source>No display found: starting the headless service host (bootbench serve).</source>
        <translation>ディスプレイが見つかりません。ヘッドレスのサービスホスト (bootbench serve) を起動します。</translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;</source>
        <translation>不明なコマンド &quot;%1&quot;</translation>
    </message>
    <message>
        <source>cannot create the data folder %1</source>
        <translation>データフォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>cannot create the TFTP root %1</source>
        <translation>TFTP ルート %1 を作成できません</translation>
    </message>
    <message>
        <source>warning: a password in --db shows in the process list; leave it out and set PGPASSWORD or use a password file (~/.pgpass or PGPASSFILE), see docs/shared-store.md</source>
        <translation>警告: --db のパスワードはプロセス一覧に表示されます。URL から外し、PGPASSWORD またはパスワードファイル（~/.pgpass か PGPASSFILE）を使ってください（docs/shared-store.md を参照）</translation>
    </message>
</context>
<context>
    <name>bootbench::AssignDialog</name>
    <message>
        <source>&amp;Once: cleared after the work succeeds (the device then boots its own disk)</source>
        <translation>1 回のみ(&amp;O): 作業が成功すると解除（以後デバイスは自身のディスクから起動）</translation>
    </message>
    <message>
        <source>&amp;Persistent: the work runs on every network boot</source>
        <translation>常時(&amp;P): ネットワークブートのたびに作業を実行</translation>
    </message>
    <message>
        <source>Assign a bundle</source>
        <translation>バンドルを割り当て</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s): %1</source>
        <translation>
            <numerusform>%n 台のデバイス: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Bundle:</source>
        <translation>バンドル(&amp;B):</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>割り当て(&amp;A)</translation>
    </message>
    <message>
        <source>There is no bundle yet: create one on the Bundles page.</source>
        <translation>バンドルがまだありません。「バンドル」ページで作成してください。</translation>
    </message>
</context>
<context>
    <name>bootbench::AssignmentsEditor</name>
    <message>
        <source>pending</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>&amp;Once (cleared after success)</source>
        <translation>1 回のみ(&amp;O)（成功後に解除）</translation>
    </message>
    <message>
        <source>&amp;Persistent</source>
        <translation>常時(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Assign…</source>
        <translation>割り当て(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Reset to pending</source>
        <translation>待機中に戻す(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Unassign</source>
        <translation>割り当て解除(&amp;U)</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC アドレス</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>割り当て</translation>
    </message>
    <message>
        <source>Assign a bundle to the selected devices</source>
        <translation>選択したデバイスにバンドルを割り当て</translation>
    </message>
    <message>
        <source>Devices (select, then drag onto a bundle)</source>
        <translation>デバイス（選択してバンドルへドラッグ）</translation>
    </message>
    <message>
        <source>Bundles (drop devices here)</source>
        <translation>バンドル: デバイスをここへドロップ</translation>
    </message>
    <message>
        <source>A drop assigns:</source>
        <translation>ドロップ時の割り当て:</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>バンドル</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>モード</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>終了日時</translation>
    </message>
    <message>
        <source>Assignments</source>
        <translation>割り当て</translation>
    </message>
    <message>
        <source>Cannot read the store: %1</source>
        <translation>ストアを読み込めません: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n device(s)</source>
        <translation>
            <numerusform>%1 — %n 台</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop devices here to assign &quot;%1&quot; to them</source>
        <translation>ここにデバイスをドロップすると &quot;%1&quot; を割り当てます</translation>
    </message>
    <message>
        <source>persistent</source>
        <translation>常時</translation>
    </message>
    <message>
        <source>once</source>
        <translation>1 回のみ</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message numerus="yes">
        <source>This replaces the work assigned to %n device(s):</source>
        <translation>
            <numerusform>%n 台のデバイスに割り当て済みの作業を置き換えます:</numerusform>
        </translation>
    </message>
    <message>
        <source>Imaging is running on at least one of them: replacing its work does not stop it.</source>
        <translation>少なくとも 1 台でイメージングを実行中です。作業を置き換えても、実行中の処理は停止しません。</translation>
    </message>
    <message>
        <source>Replace assignments</source>
        <translation>割り当てを置き換え</translation>
    </message>
    <message>
        <source>Nothing assigned: %1</source>
        <translation>割り当てられませんでした: %1</translation>
    </message>
    <message numerus="yes">
        <source>Assigned &quot;%1&quot; to %n device(s), persistent.</source>
        <translation>
            <numerusform>&quot;%1&quot; を %n 台のデバイスに割り当てました（常時）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Assigned &quot;%1&quot; to %n device(s), once.</source>
        <translation>
            <numerusform>&quot;%1&quot; を %n 台のデバイスに割り当てました（1 回のみ）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing reset: %1</source>
        <translation>リセットされませんでした: %1</translation>
    </message>
    <message>
        <source>The selected assignments are pending already.</source>
        <translation>選択した割り当てはすでに待機中です。</translation>
    </message>
    <message numerus="yes">
        <source>%n assignment(s) reset to pending: the work runs at the next network boot.</source>
        <translation>
            <numerusform>%n 件の割り当てを待機中に戻しました。次回のネットワークブートで作業を実行します。</numerusform>
        </translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>割り当て解除</translation>
    </message>
    <message numerus="yes">
        <source>Remove the work assigned to %n device(s)?</source>
        <translation>
            <numerusform>%n 台のデバイスに割り当てた作業を解除しますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing unassigned: %1</source>
        <translation>割り当てを解除できませんでした: %1</translation>
    </message>
    <message numerus="yes">
        <source>Unassigned %n device(s).</source>
        <translation>
            <numerusform>%n 台のデバイスの割り当てを解除しました。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bootbench::BundleCommand</name>
    <message>
        <source>NAME</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>KERNEL PARAMETERS</source>
        <translation>カーネルパラメーター</translation>
    </message>
    <message>
        <source>DESCRIPTION</source>
        <translation>説明</translation>
    </message>
    <message>
        <source>there is no bundle named &quot;%1&quot;</source>
        <translation>バンドル &quot;%1&quot; はありません</translation>
    </message>
    <message>
        <source>name: %1
kind: %2
kernel parameters: %3
description: %4
assigned to: %5
used by rules: %6
</source>
        <translation>名前: %1
種類: %2
カーネルパラメーター: %3
説明: %4
割り当て先: %5
使用しているルール: %6
</translation>
    </message>
    <message>
        <source>unknown bundle kind &quot;%1&quot; (known: %2)</source>
        <translation>不明なバンドルの種類 &quot;%1&quot;（有効な種類: %2）</translation>
    </message>
    <message>
        <source>added bundle %1 (%2)</source>
        <translation>バンドル %1 (%2) を追加しました</translation>
    </message>
    <message>
        <source>removed bundle %1</source>
        <translation>バンドル %1 を削除しました</translation>
    </message>
    <message>
        <source>choose one of --once and --persistent</source>
        <translation>--once と --persistent のどちらか一方を指定してください</translation>
    </message>
    <message>
        <source>assigned %1 to %2 (%3)</source>
        <translation>%1 を %2 に割り当てました (%3)</translation>
    </message>
    <message>
        <source>persistent</source>
        <translation>常時</translation>
    </message>
    <message>
        <source>once</source>
        <translation>1 回のみ</translation>
    </message>
    <message>
        <source>unassigned %1</source>
        <translation>%1 の割り当てを解除しました</translation>
    </message>
    <message>
        <source>a bundle of kind &quot;%1&quot; cannot hold a script (--script needs --kind script or image-restore)</source>
        <translation>種類 &quot;%1&quot; のバンドルはスクリプトを持てません（--script には --kind script または image-restore が必要です）</translation>
    </message>
    <message>
        <source>cannot read the script %1: %2</source>
        <translation>スクリプト %1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>the script %1 is empty</source>
        <translation>スクリプト %1 は空です</translation>
    </message>
    <message>
        <source>--image needs --kind image-take or image-restore</source>
        <translation>--image には --kind image-take または image-restore が必要です</translation>
    </message>
</context>
<context>
    <name>bootbench::BundleForm</name>
    <message>
        <source>e.g. win11-lab</source>
        <translation>例: win11-lab</translation>
    </message>
    <message>
        <source>What the bundle is for (shown to technicians only)</source>
        <translation>バンドルの用途（技術者にのみ表示）</translation>
    </message>
    <message>
        <source>extra kernel command line, e.g. quiet nomodeset</source>
        <translation>追加のカーネルコマンドライン（例: quiet nomodeset）</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>種類(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>説明(&amp;D):</translation>
    </message>
    <message>
        <source>Kernel &amp;parameters:</source>
        <translation>カーネルパラメーター(&amp;P):</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>追加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <source>Run this action earlier</source>
        <translation>このアクションを先に実行</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <source>Run this action later</source>
        <translation>このアクションを後に実行</translation>
    </message>
    <message>
        <source>Run in this order:</source>
        <translation>実行順:</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>アクション</translation>
    </message>
    <message>
        <source>An empty bundle has no imaging work: a device it is assigned to boots its own disk. Use it to hold a place or to stop imaging for some devices.</source>
        <translation>空のバンドルにはイメージング作業がありません。割り当てられたデバイスは自身のディスクから起動します。仮の割り当てや、一部のデバイスのイメージングを止めるのに使います。</translation>
    </message>
    <message>
        <source>No action yet: add one.</source>
        <translation>アクションがまだありません。追加してください。</translation>
    </message>
    <message>
        <source>Bootbench does not know the action &quot;%1&quot;: remove it.</source>
        <translation>不明なアクション &quot;%1&quot; です。削除してください。</translation>
    </message>
    <message>
        <source>A bundle named &quot;%1&quot; exists already: choose another name.</source>
        <translation>バンドル &quot;%1&quot; はすでに存在します。別の名前を指定してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) to fix before saving; the first: %1</source>
        <translation>
            <numerusform>保存する前に %n 件の問題を修正してください。最初の問題: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Action %1: %2</source>
        <translation>アクション %1: %2</translation>
    </message>
</context>
<context>
    <name>bootbench::BundlesEditor</name>
    <message>
        <source>&amp;New bundle</source>
        <translation>新規バンドル(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>変更を破棄(&amp;R)</translation>
    </message>
    <message>
        <source>Imaging bundles:</source>
        <translation>イメージングバンドル:</translation>
    </message>
    <message>
        <source>Cannot read the bundles: %1</source>
        <translation>バンドルを読み込めません: %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <source>The bundle &quot;%1&quot; has changes that are not saved. Discard them?</source>
        <translation>バンドル &quot;%1&quot; に未保存の変更があります。破棄しますか?</translation>
    </message>
    <message>
        <source>New bundle: give it a name and its actions, then save.</source>
        <translation>新規バンドル: 名前とアクションを設定して保存してください。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした: %1</translation>
    </message>
    <message>
        <source>Saved &quot;%1&quot;.</source>
        <translation>&quot;%1&quot; を保存しました。</translation>
    </message>
    <message>
        <source>Cannot check where &quot;%1&quot; is used: %2</source>
        <translation>&quot;%1&quot; の使用箇所を確認できません: %2</translation>
    </message>
    <message>
        <source>Delete the bundle &quot;%1&quot;? It is not assigned to any device nor used by any rule.</source>
        <translation>バンドル &quot;%1&quot; を削除しますか? どのデバイスにも割り当てられておらず、どのルールでも使われていません。</translation>
    </message>
    <message numerus="yes">
        <source>It is assigned to %n device(s): %1.</source>
        <translation>
            <numerusform>%n 台のデバイスに割り当てられています: %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It is used by %n hardware rule(s): %1.</source>
        <translation>
            <numerusform>%n 件のハードウェアルールで使われています: %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the bundle &quot;%1&quot;?</source>
        <translation>バンドル &quot;%1&quot; を削除しますか?</translation>
    </message>
    <message>
        <source>Deleting it also removes these assignments and rules.</source>
        <translation>削除すると、これらの割り当てとルールも削除されます。</translation>
    </message>
    <message>
        <source>Delete bundle</source>
        <translation>バンドルを削除</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>削除されませんでした: %1</translation>
    </message>
    <message>
        <source>Deleted &quot;%1&quot;.</source>
        <translation>&quot;%1&quot; を削除しました。</translation>
    </message>
</context>
<context>
    <name>bootbench::CommandLine</name>
    <message>
        <source>usage: </source>
        <translation>使い方: </translation>
    </message>
    <message>
        <source>--%1 needs a port number 1-65535, not &quot;%2&quot;</source>
        <translation>--%1 にはポート番号 1-65535 を指定してください（&quot;%2&quot; は無効です）</translation>
    </message>
    <message>
        <source>Folder for the store, the TFTP root and logs.</source>
        <translation>ストア、TFTP ルート、ログを置くフォルダー。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Database URL: a SQLite file (default &lt;data dir&gt;/bootbench.db) or postgresql://user:pw@host/db.</source>
        <translation>データベース URL: SQLite ファイル（既定: &lt;data dir&gt;/bootbench.db）または postgresql://user:pw@host/db。</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>INI file with service settings (same names as the options below).</source>
        <translation>サービス設定の INI ファイル（設定名は下記のオプションと同じ）。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>Language of the interface: ja or en (default: the system&apos;s).</source>
        <translation>UI の言語: ja または en（既定: システムの言語）。</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>LANG</translation>
    </message>
    <message>
        <source>The one network interface the DHCP services answer on.</source>
        <translation>DHCP サービスが応答する唯一のネットワークインターフェース。</translation>
    </message>
    <message>
        <source>IF</source>
        <translation>IF</translation>
    </message>
    <message>
        <source>Our IPv4 address on that interface (TFTP, HTTP, DHCP server id).</source>
        <translation>そのインターフェースでの自身の IPv4 アドレス（TFTP、HTTP、DHCP サーバー ID）。</translation>
    </message>
    <message>
        <source>IP</source>
        <translation>IP</translation>
    </message>
    <message>
        <source>Services to run: comma-separated from proxydhcp, dhcp, tftp, policy; or none.</source>
        <translation>実行するサービス: proxydhcp, dhcp, tftp, policy からカンマ区切りで指定、または none。</translation>
    </message>
    <message>
        <source>LIST</source>
        <translation>LIST</translation>
    </message>
    <message>
        <source>Phase-1 variant: proxy (another DHCP server exists) or server (Bootbench hands out addresses too).</source>
        <translation>フェーズ 1 の方式: proxy（別の DHCP サーバーがある）または server（Bootbench がアドレスも配布）。</translation>
    </message>
    <message>
        <source>MODE</source>
        <translation>MODE</translation>
    </message>
    <message>
        <source>Address pool of the bench DHCP server.</source>
        <translation>ベンチ用 DHCP サーバーのアドレスプール。</translation>
    </message>
    <message>
        <source>FIRST-LAST</source>
        <translation>FIRST-LAST</translation>
    </message>
    <message>
        <source>Folder served by TFTP (default &lt;data dir&gt;/tftp).</source>
        <translation>TFTP で公開するフォルダー（既定: &lt;data dir&gt;/tftp）。</translation>
    </message>
    <message>
        <source>TFTP port (default 69).</source>
        <translation>TFTP ポート（既定: 69）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>DHCP/proxyDHCP port (default 67).</source>
        <translation>DHCP/proxyDHCP ポート（既定: 67）。</translation>
    </message>
    <message>
        <source>PXE boot-server port (default 4011).</source>
        <translation>PXE ブートサーバーのポート（既定: 4011）。</translation>
    </message>
    <message>
        <source>Policy service HTTP port (default 8080).</source>
        <translation>ポリシーサービスの HTTP ポート（既定: 8080）。</translation>
    </message>
    <message>
        <source>Management commands: print JSON.</source>
        <translation>管理コマンド: JSON で出力。</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>bundle add: the bundle kind.</source>
        <translation>bundle add: バンドルの種類。</translation>
    </message>
    <message>
        <source>KIND</source>
        <translation>KIND</translation>
    </message>
    <message>
        <source>bundle add: kernel parameters.</source>
        <translation>bundle add: カーネルパラメーター。</translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation>TEXT</translation>
    </message>
    <message>
        <source>bundle add: a description.</source>
        <translation>bundle add: 説明。</translation>
    </message>
    <message>
        <source>assign: cleared after success (default).</source>
        <translation>assign: 成功後に解除（既定）。</translation>
    </message>
    <message>
        <source>assign: kept after success.</source>
        <translation>assign: 成功後も保持。</translation>
    </message>
    <message>
        <source>rule add: the bundle the rule assigns.</source>
        <translation>rule add: ルールが割り当てるバンドル。</translation>
    </message>
    <message>
        <source>rule add: a criterion &quot;FIELD OP VALUE&quot; (repeatable).</source>
        <translation>rule add: 条件 &quot;FIELD OP VALUE&quot;（複数指定可）。</translation>
    </message>
    <message>
        <source>CRITERION</source>
        <translation>CRITERION</translation>
    </message>
    <message>
        <source>rule add: combine the criteria with OR (default AND).</source>
        <translation>rule add: 条件を OR で結合（既定は AND）。</translation>
    </message>
    <message>
        <source>rule add: NOT the combined criteria.</source>
        <translation>rule add: 結合した条件を NOT で否定。</translation>
    </message>
    <message>
        <source>rule add: add the rule disabled.</source>
        <translation>rule add: ルールを無効の状態で追加。</translation>
    </message>
    <message>
        <source>device events: every device&apos;s events.</source>
        <translation>device events: 全デバイスのイベント。</translation>
    </message>
    <message>
        <source>replay: speed factor (default 1).</source>
        <translation>replay: 再生速度の倍率（既定: 1）。</translation>
    </message>
    <message>
        <source>The command (see above); none opens the window.</source>
        <translation>コマンド（上記参照）。省略するとウィンドウを開きます。</translation>
    </message>
    <message>
        <source>[command]</source>
        <translation>[コマンド]</translation>
    </message>
    <message>
        <source>--lang must be ja or en, not &quot;%1&quot;</source>
        <translation>--lang には ja または en を指定してください（&quot;%1&quot; は無効です）</translation>
    </message>
    <message>
        <source>the configuration file %1 does not exist</source>
        <translation>設定ファイル %1 が存在しません</translation>
    </message>
    <message>
        <source>cannot read the configuration file %1</source>
        <translation>設定ファイル %1 を読み込めません</translation>
    </message>
    <message>
        <source>--address needs an IPv4 address, not &quot;%1&quot;</source>
        <translation>--address には IPv4 アドレスを指定してください（&quot;%1&quot; は無効です）</translation>
    </message>
    <message>
        <source>--dhcp-mode must be proxy or server, not &quot;%1&quot;</source>
        <translation>--dhcp-mode には proxy または server を指定してください（&quot;%1&quot; は無効です）</translation>
    </message>
    <message>
        <source>Bench DHCP server: do not answer IPv6 router solicitations with &quot;no router here&quot; (then iPXE waits ~16 s for IPv6 on every boot unless a router answers). In a --config file: no-router-advertisements=true.</source>
        <translation>ベンチ用 DHCP サーバー: IPv6 のルーター要請に「ここにルーターはない」と応答しない（その場合、ルーターが応答しない限り iPXE は起動のたびに IPv6 を約 16 秒待ちます）。--config ファイルでは no-router-advertisements=true。</translation>
    </message>
    <message>
        <source>Port of the image downloads and uploads (default: HTTP port + 1).</source>
        <translation>イメージのダウンロードとアップロードのポート（既定: HTTP ポート + 1）。</translation>
    </message>
    <message>
        <source>Largest image upload accepted, in MiB (default 524288).</source>
        <translation>受け付けるイメージアップロードの最大サイズ（MiB、既定: 524288）。</translation>
    </message>
    <message>
        <source>no-router-advertisements must be true or false, not &quot;%1&quot;</source>
        <translation>no-router-advertisements には true または false を指定してください（&quot;%1&quot; は無効です）</translation>
    </message>
    <message>
        <source>--max-upload-mb needs a number of MiB, not &quot;%1&quot;</source>
        <translation>--max-upload-mb には MiB 単位の数値を指定してください（&quot;%1&quot; は無効です）</translation>
    </message>
    <message>
        <source>bundle add: a file whose text becomes the bundle&apos;s script action.</source>
        <translation>bundle add: このファイルの内容をバンドルのスクリプトアクションにします。</translation>
    </message>
    <message>
        <source>bundle add: the folder image an image-take takes or an image-restore restores.</source>
        <translation>bundle add: image-take が取得する、または image-restore が復元するフォルダーイメージ。</translation>
    </message>
    <message>
        <source>IMAGE</source>
        <translation>IMAGE</translation>
    </message>
    <message>
        <source>bundle add: the disk of the image action (auto: the only or largest fixed disk).</source>
        <translation>bundle add: イメージ操作のディスク (auto: 唯一または最大の固定ディスク)。</translation>
    </message>
    <message>
        <source>DISK</source>
        <translation>DISK</translation>
    </message>
    <message>
        <source>bundle add: the image-take may replace an existing image.</source>
        <translation>bundle add: image-take が既存のイメージを置き換えてよい。</translation>
    </message>
    <message>
        <source>Bootstrap for a client architecture, e.g. 7=snponly.efi for iPXE instead of the signed shim on x64 UEFI (repeatable; defaults 0=undionly.kpxe, 7/9/16=shimx64.efi).</source>
        <translation>クライアントアーキテクチャごとのブートストラップ。例: 7=snponly.efi で x64 UEFI に署名済み shim の代わりに iPXE を渡す（繰り返し指定可。既定: 0=undionly.kpxe、7/9/16=shimx64.efi）。</translation>
    </message>
    <message>
        <source>ARCH=FILE</source>
        <translation>ARCH=FILE</translation>
    </message>
    <message>
        <source>--boot-file needs ARCH=FILE (e.g. 7=snponly.efi), not &quot;%1&quot;</source>
        <translation>--boot-file には ARCH=FILE を指定してください（例: 7=snponly.efi。&quot;%1&quot; は無効です）</translation>
    </message>
    <message>
        <source>This bench&apos;s name in a shared store (its events and changes carry it; default: the host name).</source>
        <translation>共有ストアでのこのベンチの名前（イベントと変更に記録されます。既定: ホスト名）。</translation>
    </message>
    <message>
        <source>environment: the bootbench-engine file to put in the imaging environment (default: next to bootbench in a build tree, else /usr/lib/bootbench/bootbench-engine).</source>
        <translation>environment: イメージング環境に入れる bootbench-engine ファイル（既定: ビルドツリーでは bootbench の隣、それ以外は /usr/lib/bootbench/bootbench-engine）。</translation>
    </message>
    <message>
        <source>serve and the window: do not build the imaging environment at start when it is missing or stale.</source>
        <translation>serve とウィンドウ: 起動時にイメージング環境がない、または古くてもビルドしません。</translation>
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
        <translation>Bootbench: PC ベンチ向けのネットワークブートとイメージング。

コマンドを指定しないとウィンドウを開きます。コマンド:
  serve                               SIGINT/SIGTERM を受けるまでサービスをヘッドレスで実行
  device list | show MAC | add MAC [--name NAME] | remove MAC
  device events MAC | device events --all    デバイスの（または全デバイスの）ブートイベント
  bundle list | show NAME | remove NAME
  bundle add NAME --kind empty|script|image-restore|image-take|winpe|multicast
             [--kernel-params &quot;...&quot;] [--description TEXT] [--script FILE]
             [--image IMAGE [--disk auto|/dev/NAME] [--overwrite]]   フォルダーイメージ (docs/images.md)
  device token MAC                    デバイスのエンジン用トークン（bootbench.token=）
  assign MAC BUNDLE [--once|--persistent]     unassign MAC
  image list | show NAME | verify NAME | remove NAME    フォルダーイメージ (docs/images.md)
  image import DIR [--name NAME] | export NAME DIR   Bootbench・Clonezilla・FOG のイメージフォルダー
  environment build | status [--engine FILE]   boot/ のイメージング環境 (docs/environment.md)
  rule list | remove ID | move ID POSITION
  rule add --bundle NAME --match &quot;FIELD OP VALUE&quot; [--match ...] [--any] [--negate] [--name N] [--disabled]
           FIELD: mac manufacturer model serial asset-tag architecture ram-mb disk-mb
           OP: contains equals starts-with（テキスト）、equals lt le gt ge（ram-mb、disk-mb は MB 単位）
  menu check FILE | import FILE | export [FILE]   pxemenu.txt のプリブートメニュー
  menu hash-password                  標準入力から読んだメニューのパスワードをハッシュ化
  export FILE | import FILE               構成全体を JSON で書き出し / 読み込み
  replay FILE [--speed N]                 記録したイベントログをウィンドウで再生

グローバルオプションはコマンドの前後どちらにも指定できます。管理コマンドは --json を受け付けます。</translation>
    </message>
    <message>
        <source>device add: the device&apos;s name; rule add: the rule&apos;s name; image import: the image&apos;s name.</source>
        <translation>device add: デバイス名、rule add: ルール名、image import: イメージ名。</translation>
    </message>
</context>
<context>
    <name>bootbench::ConfigurationCommand</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>exported the configuration to %1</source>
        <translation>構成を %1 にエクスポートしました</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>%1 is not a JSON configuration: %2 at offset %3</source>
        <translation>%1 は JSON 形式の構成ではありません: オフセット %3 で %2</translation>
    </message>
    <message>
        <source>nothing was imported: %1</source>
        <translation>何もインポートされませんでした: %1</translation>
    </message>
    <message>
        <source>imported the configuration from %1</source>
        <translation>%1 から構成をインポートしました</translation>
    </message>
</context>
<context>
    <name>bootbench::CriteriaBuilder</name>
    <message>
        <source>MAC address</source>
        <translation>MAC アドレス</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>メーカー</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>シリアル番号</translation>
    </message>
    <message>
        <source>Asset tag</source>
        <translation>資産タグ</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <source>RAM (MB)</source>
        <translation>RAM (MB)</translation>
    </message>
    <message>
        <source>Disk (MB)</source>
        <translation>ディスク (MB)</translation>
    </message>
    <message>
        <source>contains</source>
        <translation>含む</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>等しい</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>前方一致</translation>
    </message>
    <message>
        <source>bios, x64-uefi, …</source>
        <translation>bios, x64-uefi, …</translation>
    </message>
    <message>
        <source>Add &amp;condition</source>
        <translation>条件を追加(&amp;C)</translation>
    </message>
    <message>
        <source>Add &amp;group</source>
        <translation>グループを追加(&amp;G)</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>削除(&amp;M)</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>All of (AND)</source>
        <translation>すべて一致 (AND)</translation>
    </message>
    <message>
        <source>Any of (OR)</source>
        <translation>いずれか一致 (OR)</translation>
    </message>
    <message>
        <source>Not (NOT)</source>
        <translation>否定 (NOT)</translation>
    </message>
    <message>
        <source>Add at least one condition: a rule without criteria matches nothing.</source>
        <translation>条件を 1 つ以上追加してください。条件のないルールはどのデバイスにも一致しません。</translation>
    </message>
    <message>
        <source>Add at least one condition to this group, or remove it.</source>
        <translation>このグループに条件を 1 つ以上追加するか、グループを削除してください。</translation>
    </message>
    <message>
        <source>NOT takes exactly one condition (put a group inside it for more).</source>
        <translation>NOT に入れられる条件は 1 つだけです（複数にするには中にグループを入れてください）。</translation>
    </message>
    <message>
        <source>Enter a value.</source>
        <translation>値を入力してください。</translation>
    </message>
    <message>
        <source>Enter a whole number of MB, e.g. 8192.</source>
        <translation>MB 単位の整数を入力してください（例: 8192）。</translation>
    </message>
    <message>
        <source>Not a whole MAC address: use &quot;contains&quot; or &quot;starts with&quot; for a part of one.</source>
        <translation>完全な MAC アドレスではありません。一部で照合するには「含む」か「前方一致」を使用してください。</translation>
    </message>
</context>
<context>
    <name>bootbench::CsvImportDialog</name>
    <message>
        <source>&amp;Skip the lines with problems and import the rest</source>
        <translation>問題のある行をスキップして残りをインポート(&amp;S)</translation>
    </message>
    <message>
        <source>Import devices from %1</source>
        <translation>%1 からデバイスをインポート</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC アドレス</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>シリアル</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <source>A device with this MAC exists already.</source>
        <translation>この MAC のデバイスはすでに存在します。</translation>
    </message>
    <message>
        <source>No MAC address.</source>
        <translation>MAC アドレスがありません。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a MAC address (expected six hex pairs like 52:54:00:12:34:56).</source>
        <translation>&quot;%1&quot; は MAC アドレスではありません（52:54:00:12:34:56 のように 16 進数 2 桁 × 6 組で指定）。</translation>
    </message>
    <message>
        <source>Same MAC as line %1.</source>
        <translation>%1 行目と同じ MAC です。</translation>
    </message>
    <message>
        <source>A quote (&quot;) is not closed; the rest of the file is not read.</source>
        <translation>引用符 (&quot;) が閉じていません。ファイルの残りは読み込まれません。</translation>
    </message>
    <message>
        <source>The %1 column needs a whole number.</source>
        <translation>%1 列には整数を指定してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) to import</source>
        <translation>
            <numerusform>インポートするデバイス: %n 台</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) with problems</source>
        <translation>
            <numerusform>問題のある行: %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>the first line names the columns</source>
        <translation>1 行目は列名</translation>
    </message>
    <message>
        <source>ignored columns: %1</source>
        <translation>無視した列: %1</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>インポート(&amp;I)</translation>
    </message>
    <message>
        <source>Columns: MAC, name, then optionally serial, asset tag, manufacturer, model — or any order with a first line naming them.</source>
        <translation>列: MAC、名前、続けて任意でシリアル、資産タグ、メーカー、モデル — 1 行目に列名を書けば順序は自由です。</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Import %n device(s)</source>
        <translation>
            <numerusform>%n 台をインポート(&amp;I)</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing imported: line %1: %2</source>
        <translation>インポートされませんでした: %1 行目: %2</translation>
    </message>
    <message>
        <source>Nothing imported: %1</source>
        <translation>インポートされませんでした: %1</translation>
    </message>
</context>
<context>
    <name>bootbench::DatabaseUrl</name>
    <message>
        <source>the database URL is empty</source>
        <translation>データベース URL が空です</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a PostgreSQL URL like postgresql://user:password@host:5432/dbname</source>
        <translation>&quot;%1&quot; は postgresql://user:password@host:5432/dbname のような PostgreSQL URL ではありません</translation>
    </message>
    <message>
        <source>unsupported database URL &quot;%1&quot;: use a SQLite file path or postgresql://...</source>
        <translation>サポートされていないデータベース URL &quot;%1&quot; です。SQLite ファイルのパスか postgresql://... を指定してください</translation>
    </message>
    <message>
        <source>the SQLite URL &quot;%1&quot; names no file</source>
        <translation>SQLite URL &quot;%1&quot; にファイル名がありません</translation>
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
        <translation>名前</translation>
    </message>
    <message>
        <source>ARCH</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <source>LAST SEEN</source>
        <translation>最終確認</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a MAC address</source>
        <translation>&quot;%1&quot; は MAC アドレスではありません</translation>
    </message>
    <message>
        <source>there is no device with MAC %1</source>
        <translation>MAC %1 のデバイスはありません</translation>
    </message>
    <message>
        <source>added device %1</source>
        <translation>デバイス %1 を追加しました</translation>
    </message>
    <message>
        <source>removed device %1</source>
        <translation>デバイス %1 を削除しました</translation>
    </message>
</context>
<context>
    <name>bootbench::DeviceDetails</name>
    <message>
        <source>Click a lane or a row to see a device.</source>
        <translation>レーンまたは行をクリックするとデバイスを表示します。</translation>
    </message>
    <message>
        <source>Reading the event history from the store…</source>
        <translation>ストアからイベント履歴を読み込み中…</translation>
    </message>
    <message>
        <source>The event history could not be read: %1</source>
        <translation>イベント履歴を読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>Showing the newest %1 events of this device.</source>
        <translation>このデバイスの最新 %1 件のイベントを表示しています。</translation>
    </message>
    <message>
        <source>The device could not be read from the store: %1</source>
        <translation>ストアからデバイスを読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>フェーズ</translation>
    </message>
    <message>
        <source>Failure</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>最新イベント</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>転送</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>識別情報</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP アドレス</translation>
    </message>
    <message>
        <source>UUID</source>
        <translation>UUID</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>シリアル番号</translation>
    </message>
    <message>
        <source>Asset tag</source>
        <translation>資産タグ</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>初回確認</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>ハードウェア</translation>
    </message>
    <message>
        <source>Manufacturer / model</source>
        <translation>メーカー / モデル</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>ディスク</translation>
    </message>
    <message>
        <source>Image-safe data</source>
        <translation>イメージング保持データ</translation>
    </message>
    <message>
        <source>Addressing</source>
        <translation>アドレス設定</translation>
    </message>
    <message>
        <source>DHCP</source>
        <translation>DHCP</translation>
    </message>
    <message>
        <source>static</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>IP / mask / gateway</source>
        <translation>IP / マスク / ゲートウェイ</translation>
    </message>
    <message>
        <source>DNS servers</source>
        <translation>DNS サーバー</translation>
    </message>
    <message>
        <source>Host name</source>
        <translation>ホスト名</translation>
    </message>
    <message>
        <source>DNS suffix</source>
        <translation>DNS サフィックス</translation>
    </message>
    <message>
        <source>Just imaged</source>
        <translation>イメージング直後</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>In the store</source>
        <translation>ストア登録</translation>
    </message>
    <message>
        <source>not registered yet</source>
        <translation>未登録</translation>
    </message>
    <message>
        <source>Assignment</source>
        <translation>割り当て</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>バンドル</translation>
    </message>
    <message>
        <source>persistent</source>
        <translation>常時</translation>
    </message>
    <message>
        <source>once</source>
        <translation>1 回のみ</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Started / finished</source>
        <translation>開始 / 終了</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>Showing the newest %1 of %2 events: only these are kept in memory for a replay or without a store; older ones are summarised on the timeline.</source>
        <translation>%2 件中、最新の %1 件のイベントを表示しています。再生中やストアがない場合はこれだけがメモリに保持され、それより古いものはタイムライン上に要約されます。</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>エンジン</translation>
    </message>
    <message>
        <source>Engine (last report)</source>
        <translation>エンジン（最後の報告）</translation>
    </message>
    <message>
        <source>Engine log</source>
        <translation>エンジンのログ</translation>
    </message>
</context>
<context>
    <name>bootbench::DeviceForm</name>
    <message>
        <source>Get an address by &amp;DHCP</source>
        <translation>DHCP でアドレスを取得(&amp;D)</translation>
    </message>
    <message>
        <source>Use a &amp;static address</source>
        <translation>固定アドレスを使用(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Just imaged (the imaging engine sets and clears this)</source>
        <translation>イメージング直後(&amp;J)（イメージングエンジンが設定・解除）</translation>
    </message>
    <message>
        <source>e.g. lab-pc-07</source>
        <translation>例: lab-pc-07</translation>
    </message>
    <message>
        <source>Use the global setting</source>
        <translation>グローバル設定に従う</translation>
    </message>
    <message>
        <source>Only when the hotkey is pressed</source>
        <translation>ホットキーが押されたときのみ</translation>
    </message>
    <message>
        <source>Always show the menu</source>
        <translation>常にメニューを表示</translation>
    </message>
    <message>
        <source>Never show the menu</source>
        <translation>メニューを表示しない</translation>
    </message>
    <message>
        <source>MAC address:</source>
        <translation>MAC アドレス:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>Reported hardware:</source>
        <translation>報告されたハードウェア:</translation>
    </message>
    <message>
        <source>Preboot &amp;menu:</source>
        <translation>プリブートメニュー(&amp;M):</translation>
    </message>
    <message>
        <source>Image-safe data (kept on the disk, survives re-imaging)</source>
        <translation>イメージング保持データ（ディスク上に保存され、再イメージング後も残る）</translation>
    </message>
    <message>
        <source>&amp;IP address:</source>
        <translation>IP アドレス(&amp;I):</translation>
    </message>
    <message>
        <source>Subnet mas&amp;k:</source>
        <translation>サブネットマスク(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Gateway:</source>
        <translation>ゲートウェイ(&amp;G):</translation>
    </message>
    <message>
        <source>DNS ser&amp;vers:</source>
        <translation>DNS サーバー(&amp;V):</translation>
    </message>
    <message>
        <source>separated by commas</source>
        <translation>カンマ区切り</translation>
    </message>
    <message>
        <source>&amp;Host name:</source>
        <translation>ホスト名(&amp;H):</translation>
    </message>
    <message>
        <source>DNS s&amp;uffix:</source>
        <translation>DNS サフィックス(&amp;U):</translation>
    </message>
    <message>
        <source>(no device selected)</source>
        <translation>（デバイス未選択）</translation>
    </message>
    <message>
        <source>RAM %1 MB</source>
        <translation>RAM %1 MB</translation>
    </message>
    <message>
        <source>disk %1 MB</source>
        <translation>ディスク %1 MB</translation>
    </message>
    <message>
        <source>(not reported yet: the device has not booted from Bootbench)</source>
        <translation>（未報告: このデバイスはまだ Bootbench から起動していません）</translation>
    </message>
    <message>
        <source>Enter a name for the device.</source>
        <translation>デバイス名を入力してください。</translation>
    </message>
    <message>
        <source>Use at most 64 characters.</source>
        <translation>64 文字以内で入力してください。</translation>
    </message>
    <message>
        <source>Remove the spaces at either end and any control characters.</source>
        <translation>両端の空白と制御文字を削除してください。</translation>
    </message>
    <message>
        <source>A static address needs an IP address.</source>
        <translation>固定アドレスには IP アドレスが必要です。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address (e.g. 192.168.10.21).</source>
        <translation>&quot;%1&quot; は IPv4 アドレスではありません（例: 192.168.10.21）。</translation>
    </message>
    <message>
        <source>A static address needs a subnet mask.</source>
        <translation>固定アドレスにはサブネットマスクが必要です。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a subnet mask (e.g. 255.255.255.0 or /24).</source>
        <translation>&quot;%1&quot; はサブネットマスクではありません（例: 255.255.255.0 または /24）。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address.</source>
        <translation>&quot;%1&quot; は IPv4 アドレスではありません。</translation>
    </message>
    <message>
        <source>The gateway %1 is not in the device&apos;s subnet.</source>
        <translation>ゲートウェイ %1 はデバイスのサブネット内にありません。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not an IPv4 address; separate servers with commas.</source>
        <translation>&quot;%1&quot; は IPv4 アドレスではありません。サーバーはカンマで区切ってください。</translation>
    </message>
    <message>
        <source>Use letters, digits and &apos;-&apos; (at most 63 per label), e.g. lab-pc-07.</source>
        <translation>英字、数字、&apos;-&apos; を使用してください（ラベルごとに 63 文字以内）。例: lab-pc-07</translation>
    </message>
    <message>
        <source>Use a domain name such as lab.example.</source>
        <translation>lab.example のようなドメイン名を入力してください。</translation>
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
        <translation>2 ブートストラップ</translation>
    </message>
    <message>
        <source>3 Menu settings</source>
        <translation>3 メニュー設定</translation>
    </message>
    <message>
        <source>4 Work query</source>
        <translation>4 作業の照会</translation>
    </message>
    <message>
        <source>5 Loader</source>
        <translation>5 ローダー</translation>
    </message>
    <message>
        <source>6 Config file</source>
        <translation>6 設定ファイル</translation>
    </message>
    <message>
        <source>7 Imaging files</source>
        <translation>7 イメージングファイル</translation>
    </message>
    <message>
        <source>8 Imaging</source>
        <translation>8 イメージング</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>アクティブ</translation>
    </message>
    <message>
        <source>Menu shown</source>
        <translation>メニュー表示</translation>
    </message>
    <message>
        <source>Local boot</source>
        <translation>ローカルブート</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>%1 % (%2 of %3)</source>
        <translation>%1 %（%2 / %3）</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>アーキテクチャ</translation>
    </message>
    <message>
        <source>IP address</source>
        <translation>IP アドレス</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>フェーズ</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>転送</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>バンドル</translation>
    </message>
    <message>
        <source>Last event</source>
        <translation>最新イベント</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>所要時間</translation>
    </message>
    <message>
        <source>running script %1/%2</source>
        <translation>スクリプト %1/%2 を実行中</translation>
    </message>
    <message>
        <source>%1: action %2/%3</source>
        <translation>%1: アクション %2/%3</translation>
    </message>
    <message>
        <source>%1 % at %2/s</source>
        <translation>%1 %（%2/s）</translation>
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
        <translation>グローバル</translation>
    </message>
    <message>
        <source>hotkey</source>
        <translation>ホットキー</translation>
    </message>
    <message>
        <source>always</source>
        <translation>常に表示</translation>
    </message>
    <message>
        <source>never</source>
        <translation>表示しない</translation>
    </message>
    <message>
        <source>&amp;Add device</source>
        <translation>デバイスを追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>CSV をインポート(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>変更を破棄(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <source>e.g. lab-pc-07</source>
        <translation>例: lab-pc-07</translation>
    </message>
    <message>
        <source>Add a device ahead of time</source>
        <translation>デバイスを事前に追加</translation>
    </message>
    <message>
        <source>&amp;MAC address:</source>
        <translation>MAC アドレス(&amp;M):</translation>
    </message>
    <message>
        <source>N&amp;ame:</source>
        <translation>名前(&amp;A):</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC アドレス</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>メーカー</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>メニュー</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最終確認</translation>
    </message>
    <message>
        <source>Cannot read the devices: %1</source>
        <translation>デバイスを読み込めません: %1</translation>
    </message>
    <message>
        <source>Enter the device&apos;s MAC address.</source>
        <translation>デバイスの MAC アドレスを入力してください。</translation>
    </message>
    <message>
        <source>Not a MAC address: expected six hex pairs like 52:54:00:12:34:56.</source>
        <translation>MAC アドレスではありません。52:54:00:12:34:56 のように 16 進数 2 桁 × 6 組で入力してください。</translation>
    </message>
    <message>
        <source>A device with MAC %1 exists already.</source>
        <translation>MAC %1 のデバイスはすでに存在します。</translation>
    </message>
    <message>
        <source>Adds %1</source>
        <translation>%1 を追加します</translation>
    </message>
    <message>
        <source>Not added: fix the fields marked in red.</source>
        <translation>追加されませんでした。赤で示された項目を修正してください。</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>追加されませんでした: %1</translation>
    </message>
    <message>
        <source>Added %1 (%2).</source>
        <translation>%1 (%2) を追加しました。</translation>
    </message>
    <message>
        <source>Import devices</source>
        <translation>デバイスをインポート</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV ファイル (*.csv *.txt);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n device(s).</source>
        <translation>
            <numerusform>%n 台のデバイスをインポートしました。</numerusform>
        </translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <source>The device %1 has changes that are not saved. Discard them?</source>
        <translation>デバイス %1 に未保存の変更があります。破棄しますか?</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした: %1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 を保存しました。</translation>
    </message>
    <message>
        <source>Delete device</source>
        <translation>デバイスを削除</translation>
    </message>
    <message>
        <source>Delete the device %1? Its assignment is removed with it. It is added again when it next boots from Bootbench.</source>
        <translation>デバイス %1 を削除しますか? 割り当ても一緒に削除されます。次に Bootbench から起動したときに再び追加されます。</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>削除されませんでした: %1</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>%1 を削除しました。</translation>
    </message>
    <message>
        <source>not seen yet</source>
        <translation>未確認</translation>
    </message>
</context>
<context>
    <name>bootbench::EnvironmentCommand</name>
    <message>
        <source>kernel release: %1</source>
        <translation>カーネルリリース: %1</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>FILE</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>SHA256</source>
        <translation>SHA256</translation>
    </message>
    <message>
        <source>%1 kernel modules, %2 firmware files, %3 packages</source>
        <translation>カーネルモジュール %1 個、ファームウェア %2 個、パッケージ %3 個</translation>
    </message>
    <message>
        <source>imaging environment built in %1</source>
        <translation>イメージング環境を %1 にビルドしました</translation>
    </message>
    <message>
        <source>nothing changed</source>
        <translation>変更なし</translation>
    </message>
    <message>
        <source>written: %1</source>
        <translation>書き込み: %1</translation>
    </message>
    <message>
        <source>imaging environment: %1</source>
        <translation>イメージング環境: %1</translation>
    </message>
    <message>
        <source>missing packages: %1; install them with: %2</source>
        <translation>不足しているパッケージ: %1。次のコマンドでインストールしてください: %2</translation>
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
        <translation>イメージング環境</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>ビルド</translation>
    </message>
    <message>
        <source>Build boot/kernel, boot/initrd and boot/root from the Debian packages of this machine</source>
        <translation>このマシンの Debian パッケージから boot/kernel、boot/initrd、boot/root をビルドします</translation>
    </message>
    <message>
        <source>Building… %1 %</source>
        <translation>ビルド中… %1 %</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>Stale: rebuild it</source>
        <translation>古くなっています: 再ビルドしてください</translation>
    </message>
    <message>
        <source>Missing: not built yet</source>
        <translation>なし: まだビルドされていません</translation>
    </message>
    <message>
        <source>Kernel %1</source>
        <translation>カーネル %1</translation>
    </message>
    <message>
        <source>Kernel %1 will be used</source>
        <translation>カーネル %1 を使います</translation>
    </message>
    <message>
        <source>Missing package %1. Install it with:
%2</source>
        <translation>パッケージ %1 がありません。次のコマンドでインストールしてください:
%2</translation>
    </message>
    <message>
        <source>The last build failed: %1</source>
        <translation>前回のビルドは失敗しました: %1</translation>
    </message>
</context>
<context>
    <name>bootbench::EventListModel</name>
    <message>
        <source>local boot</source>
        <translation>ローカルブート</translation>
    </message>
    <message>
        <source>menu shown</source>
        <translation>メニュー表示</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>expected refusal</source>
        <translation>想定どおりの拒否</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>サービス</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>フェーズ</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>相手先</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>バイト</translation>
    </message>
</context>
<context>
    <name>bootbench::FirstStartGuide</name>
    <message>
        <source>No machine has booted here yet. Before the first one:</source>
        <translation>このベンチではまだどのマシンも起動していません。最初の 1 台の前に:</translation>
    </message>
    <message>
        <source>Choose the bench interface</source>
        <translation>ベンチ用インターフェースを選択</translation>
    </message>
    <message>
        <source>Choose the phase-1 variant</source>
        <translation>フェーズ 1 の方式を選択</translation>
    </message>
    <message>
        <source>Put the imaging environment in place</source>
        <translation>イメージング環境を配置</translation>
    </message>
    <message>
        <source>Make a bundle and give it to machines</source>
        <translation>バンドルを作成してマシンに割り当て</translation>
    </message>
    <message>
        <source>Start the services and power a machine on</source>
        <translation>サービスを開始してマシンの電源を入れる</translation>
    </message>
    <message>
        <source>The network card the bench&apos;s machines are plugged into, not your uplink.</source>
        <translation>ベンチのマシンがつながっているネットワークカード（アップリンクではありません）。</translation>
    </message>
    <message>
        <source>The DHCP server needs an address pool on the bench interface&apos;s network.</source>
        <translation>DHCP サーバーには、ベンチ用インターフェースのネットワーク内のアドレスプールが必要です。</translation>
    </message>
    <message>
        <source>Proxy DHCP only when the bench network already has a DHCP server; DHCP server + proxy DHCP on an isolated bench.</source>
        <translation>ベンチのネットワークに DHCP サーバーがすでにあればプロキシDHCP のみ、独立したベンチなら DHCP サーバー + プロキシDHCP。</translation>
    </message>
    <message>
        <source>The Linux environment the machines start for imaging: boot/kernel and boot/initrd in the TFTP root.</source>
        <translation>マシンがイメージングのために起動する Linux 環境: TFTP ルートの boot/kernel と boot/initrd。</translation>
    </message>
    <message>
        <source>A bundle exists; assign it to machines, or add a hardware rule that picks it.</source>
        <translation>バンドルがあります。マシンに割り当てるか、それを選ぶハードウェアルールを追加してください。</translation>
    </message>
    <message>
        <source>A bundle says what is installed; an assignment or a hardware rule says on which machines.</source>
        <translation>バンドルは何をインストールするか、割り当てまたはハードウェアルールはどのマシンに行うかを決めます。</translation>
    </message>
    <message>
        <source>The services run: power a machine on with network boot (PXE). It appears here as soon as it asks for an address.</source>
        <translation>サービスは動作中です。ネットワークブート (PXE) でマシンの電源を入れてください。アドレスを要求するとすぐにここに表示されます。</translation>
    </message>
    <message>
        <source>Start the services, then power a machine on with network boot (PXE).</source>
        <translation>サービスを開始してから、ネットワークブート (PXE) でマシンの電源を入れてください。</translation>
    </message>
    <message>
        <source>Go to the interface</source>
        <translation>インターフェースへ</translation>
    </message>
    <message>
        <source>Go to the variant</source>
        <translation>方式へ</translation>
    </message>
    <message>
        <source>Go to the boot files</source>
        <translation>ブートファイルへ</translation>
    </message>
    <message>
        <source>Open Bundles</source>
        <translation>バンドルを開く</translation>
    </message>
    <message>
        <source>Go to the services</source>
        <translation>サービスへ</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>未完了</translation>
    </message>
</context>
<context>
    <name>bootbench::Gui</name>
    <message>
        <source>cannot create the data folder %1</source>
        <translation>データフォルダー %1 を作成できません</translation>
    </message>
    <message>
        <source>Bootbench</source>
        <translation>Bootbench</translation>
    </message>
    <message>
        <source>The data store cannot be opened:
%1</source>
        <translation>データストアを開けません:
%1</translation>
    </message>
    <message>
        <source>Bootbench data: %1</source>
        <translation>Bootbench データ: %1</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>ストア: %1</translation>
    </message>
    <message>
        <source>TFTP root: %1</source>
        <translation>TFTP ルート: %1</translation>
    </message>
    <message>
        <source>usage: bootbench replay FILE [--speed N]  (N &gt; 0)</source>
        <translation>使い方: bootbench replay FILE [--speed N]  (N &gt; 0)</translation>
    </message>
    <message>
        <source>cannot replay %1: %2</source>
        <translation>%1 を再生できません: %2</translation>
    </message>
    <message>
        <source>Store disconnected since %1</source>
        <translation>ストアは %1 から切断中</translation>
    </message>
</context>
<context>
    <name>bootbench::ImageCommand</name>
    <message>
        <source>not an image: %1</source>
        <translation>イメージではありません: %1</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>SIZE</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>TABLE</source>
        <translation>パーティションテーブル</translation>
    </message>
    <message>
        <source>PARTITIONS</source>
        <translation>パーティション</translation>
    </message>
    <message>
        <source>FROM</source>
        <translation>取得元</translation>
    </message>
    <message>
        <source>TAKEN</source>
        <translation>取得日時</translation>
    </message>
    <message>
        <source>name: %1
taken: %2 from %3
disk: %4 bytes, %5
</source>
        <translation>名前: %1
取得: %2 (%3 から)
ディスク: %4 バイト, %5
</translation>
    </message>
    <message>
        <source>partition %1: %2 %3, %4
</source>
        <translation>パーティション %1: %2 %3, %4
</translation>
    </message>
    <message>
        <source>verifying %1: %2 of %3</source>
        <translation>%1 を検証中: %3 中 %2</translation>
    </message>
    <message>
        <source>image %1 is whole: every stream has its size and SHA-256</source>
        <translation>イメージ %1 は完全です: すべてのストリームのサイズと SHA-256 が一致しました</translation>
    </message>
    <message>
        <source>image %1: %2</source>
        <translation>イメージ %1: %2</translation>
    </message>
    <message>
        <source>image %1 is used by bundle %2; remove it from the bundle first</source>
        <translation>イメージ %1 はバンドル %2 で使われています。先にバンドルから外してください</translation>
    </message>
    <message>
        <source>removed image %1</source>
        <translation>イメージ %1 を削除しました</translation>
    </message>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %3 中 %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>cannot import %1: %2</source>
        <translation>%1 をインポートできません: %2</translation>
    </message>
    <message>
        <source>importing %1 (%2 image) as %3</source>
        <translation>%1（%2 イメージ）を %3 としてインポート中</translation>
    </message>
    <message>
        <source>imported %1 (%2 image) as image %3: %4 partitions, %5</source>
        <translation>%1（%2 イメージ）をイメージ %3 としてインポートしました: パーティション %4 個、%5</translation>
    </message>
    <message>
        <source>cannot export %1 to %2: %3</source>
        <translation>%1 を %2 にエクスポートできません: %3</translation>
    </message>
    <message>
        <source>exported image %1 to %2</source>
        <translation>イメージ %1 を %2 にエクスポートしました</translation>
    </message>
</context>
<context>
    <name>bootbench::ImagePicker</name>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>List the image store again (%1)</source>
        <translation>イメージストアを再読み込み (%1)</translation>
    </message>
    <message>
        <source>(choose an image from %1)</source>
        <translation>（%1 からイメージを選択）</translation>
    </message>
    <message>
        <source>%1 (not in the image store)</source>
        <translation>%1（イメージストアにありません）</translation>
    </message>
    <message>
        <source>The image %1 is not in the image store (%2).</source>
        <translation>イメージ %1 はイメージストア (%2) にありません。</translation>
    </message>
    <message>
        <source>The checksum could not be computed: %1</source>
        <translation>チェックサムを計算できませんでした: %1</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>The checksum is still being computed; save when it is shown.</source>
        <translation>チェックサムを計算中です。表示されてから保存してください。</translation>
    </message>
    <message>
        <source>Size: %1 (%2 bytes)
SHA-256: %3</source>
        <translation>サイズ: %1（%2 バイト）
SHA-256: %3</translation>
    </message>
    <message>
        <source>Size: %1 (%2 bytes)
SHA-256: computing… %3%</source>
        <translation>サイズ: %1（%2 バイト）
SHA-256: 計算中… %3%</translation>
    </message>
    <message numerus="yes">
        <source>%1 (whole disk, %n partition(s), %2)</source>
        <translation>
            <numerusform>%1（ディスク全体、パーティション %n 個、%2）</numerusform>
        </translation>
    </message>
    <message>
        <source>Whole-disk image: %1 of streams for a disk of %2 (%3)
Partitions: %4
Taken %5 from %6</source>
        <translation>ディスク全体のイメージ: ストリーム %1、ディスク %2（%3）
パーティション: %4
取得: %5、%6 から</translation>
    </message>
</context>
<context>
    <name>bootbench::ImagesPage</name>
    <message>
        <source>%1 image %2 (disk %3)</source>
        <translation>%1 イメージ %2（ディスク %3）</translation>
    </message>
    <message>
        <source>&amp;Verify</source>
        <translation>検証(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>削除(&amp;R)…</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>イメージ</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>ディスク</translation>
    </message>
    <message>
        <source>Partitions</source>
        <translation>パーティション</translation>
    </message>
    <message>
        <source>Taken from</source>
        <translation>取得元</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>取得日時</translation>
    </message>
    <message>
        <source>Reads every stream of the image and checks its size and SHA-256 against the manifest</source>
        <translation>イメージのすべてのストリームを読み、サイズと SHA-256 をマニフェストと照合します</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>再読み込み(&amp;F)</translation>
    </message>
    <message>
        <source>Whole-disk images in %1: taken by image-take bundles, or imported with &lt;i&gt;bootbench image import&lt;/i&gt; from Bootbench, Clonezilla and FOG image folders.</source>
        <translation>%1 にあるディスク全体のイメージ: image-take バンドルで取得したもの、または &lt;i&gt;bootbench image import&lt;/i&gt; で Bootbench・Clonezilla・FOG のイメージフォルダーから取り込んだものです。</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1、%2</translation>
    </message>
    <message>
        <source>Not images (no restorable manifest): %1</source>
        <translation>イメージではありません（復元できるマニフェストがありません）: %1</translation>
    </message>
    <message>
        <source>No images yet.</source>
        <translation>イメージはまだありません。</translation>
    </message>
    <message>
        <source>%1: %p%</source>
        <translation>%1: %p%</translation>
    </message>
    <message>
        <source>Verifying %1…</source>
        <translation>%1 を検証中…</translation>
    </message>
    <message>
        <source>Image %1 is whole: every stream has its size and SHA-256.</source>
        <translation>イメージ %1 は完全です: すべてのストリームのサイズと SHA-256 が一致しました。</translation>
    </message>
    <message>
        <source>Image %1 is damaged: %2</source>
        <translation>イメージ %1 は壊れています: %2</translation>
    </message>
    <message>
        <source>Not removed: %1</source>
        <translation>削除されませんでした: %1</translation>
    </message>
    <message>
        <source>Not removed: image %1 is used by bundle %2. Choose another image in the bundle, or remove the bundle, first.</source>
        <translation>削除されませんでした: イメージ %1 はバンドル %2 で使われています。先にバンドルで別のイメージを選ぶか、バンドルを削除してください。</translation>
    </message>
    <message>
        <source>Remove image</source>
        <translation>イメージを削除</translation>
    </message>
    <message>
        <source>Remove the image %1 and all its files from %2?</source>
        <translation>イメージ %1 とそのすべてのファイルを %2 から削除しますか?</translation>
    </message>
    <message>
        <source>Removed image %1.</source>
        <translation>イメージ %1 を削除しました。</translation>
    </message>
</context>
<context>
    <name>bootbench::MainWindow</name>
    <message>
        <source>as fast as possible</source>
        <translation>最高速</translation>
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
        <translation>モニター</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>サービス</translation>
    </message>
    <message>
        <source>Devices and throughput</source>
        <translation>デバイスとスループット</translation>
    </message>
    <message>
        <source>The device list could not be read: %1</source>
        <translation>デバイス一覧を読み込めませんでした: %1</translation>
    </message>
    <message numerus="yes">
        <source>Reading the last %n hour(s) of events from the store…</source>
        <translation>
            <numerusform>ストアから直近 %n 時間のイベントを読み込み中…</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Replay a recorded event log…</source>
        <translation>記録したイベントログを再生(&amp;R)…</translation>
    </message>
    <message>
        <source>Open a &amp;time range…</source>
        <translation>期間を指定して開く(&amp;T)…</translation>
    </message>
    <message>
        <source>Needs a store</source>
        <translation>ストアが必要です</translation>
    </message>
    <message>
        <source>Back to &amp;live</source>
        <translation>ライブ表示に戻る(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Follow now</source>
        <translation>現在時刻に追従(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Bootbench</source>
        <translation>Bootbench について(&amp;A)</translation>
    </message>
    <message>
        <source>About Bootbench</source>
        <translation>Bootbench について</translation>
    </message>
    <message>
        <source>Bootbench %1: network boot for an imaging bench, and where every machine is.</source>
        <translation>Bootbench %1: イメージングベンチのためのネットワークブートと、全マシンの状況把握。</translation>
    </message>
    <message numerus="yes">
        <source>%n earlier event(s) read from the store.</source>
        <translation>
            <numerusform>ストアから過去のイベントを %n 件読み込みました。</numerusform>
        </translation>
    </message>
    <message>
        <source>The earlier events could not be read: %1</source>
        <translation>過去のイベントを読み込めませんでした: %1</translation>
    </message>
    <message>
        <source>Open a time range</source>
        <translation>期間を指定して開く</translation>
    </message>
    <message>
        <source>The events could not be read: %1</source>
        <translation>イベントを読み込めませんでした: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n 件のイベント</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the events</source>
        <translation>イベントをエクスポート</translation>
    </message>
    <message>
        <source>Replaying %1 at %2</source>
        <translation>%1 を %2 で再生中</translation>
    </message>
    <message>
        <source>%1 of %2 events</source>
        <translation>イベント %1 / %2 件</translation>
    </message>
    <message>
        <source>Replay of %1 finished: %2 events</source>
        <translation>%1 の再生が終了しました: イベント %2 件</translation>
    </message>
    <message>
        <source>there is no store to read earlier events from</source>
        <translation>過去のイベントを読み込むストアがありません</translation>
    </message>
    <message>
        <source>History %1</source>
        <translation>履歴 %1</translation>
    </message>
    <message>
        <source>Replay a recorded event log</source>
        <translation>記録したイベントログを再生</translation>
    </message>
    <message>
        <source>Event logs (*.json *.jsonl);;All files (*)</source>
        <translation>イベントログ (*.json *.jsonl);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Real time</source>
        <translation>実時間</translation>
    </message>
    <message>
        <source>2× faster</source>
        <translation>2 倍速</translation>
    </message>
    <message>
        <source>5× faster</source>
        <translation>5 倍速</translation>
    </message>
    <message>
        <source>10× faster</source>
        <translation>10 倍速</translation>
    </message>
    <message>
        <source>50× faster</source>
        <translation>50 倍速</translation>
    </message>
    <message>
        <source>As fast as possible</source>
        <translation>最高速</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>再生速度</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>速度:</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>再生</translation>
    </message>
    <message>
        <source>The event log cannot be replayed: %1</source>
        <translation>イベントログを再生できません: %1</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>開始:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>終了:</translation>
    </message>
    <message>
        <source>Export the timeline</source>
        <translation>タイムラインをエクスポート</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>PNG 画像 (*.png);;PDF 文書 (*.pdf)</translation>
    </message>
    <message>
        <source>Timeline saved to %1</source>
        <translation>タイムラインを %1 に保存しました</translation>
    </message>
    <message>
        <source>%1 could not be written.</source>
        <translation>%1 に書き込めませんでした。</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Event log for replay (*.json)</source>
        <translation>CSV (*.csv);;再生用イベントログ (*.json)</translation>
    </message>
    <message>
        <source>Reading the events from the store…</source>
        <translation>ストアからイベントを読み込み中…</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) saved to %1</source>
        <translation>
            <numerusform>%n 件のイベントを %1 に保存しました</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the device table</source>
        <translation>デバイス表をエクスポート</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Device table saved to %1</source>
        <translation>デバイス表を %1 に保存しました</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>%1 に書き込めませんでした: %2</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 を読み込んでいます…</translation>
    </message>
    <message>
        <source>E&amp;xport the timeline (PNG, PDF)…</source>
        <translation>タイムラインをエクスポート (PNG, PDF)(&amp;X)…</translation>
    </message>
    <message>
        <source>Export the &amp;events (CSV, JSON)…</source>
        <translation>イベントをエクスポート (CSV, JSON)(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the device ta&amp;ble (CSV)…</source>
        <translation>デバイス表をエクスポート (CSV)(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Saves the edits of the editor page shown</source>
        <translation>表示中のエディターページの編集内容を保存します</translation>
    </message>
    <message>
        <source>&amp;Services</source>
        <translation>サービス(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Devices and throughput</source>
        <translation>デバイスとスループット(&amp;D)</translation>
    </message>
    <message>
        <source>Searc&amp;h the devices</source>
        <translation>デバイスを検索(&amp;H)</translation>
    </message>
    <message>
        <source>Unsaved changes: %1</source>
        <translation>未保存の変更: %1</translation>
    </message>
    <message>
        <source>Bench events</source>
        <translation>ベンチのイベント</translation>
    </message>
    <message>
        <source>Bench events (%1)</source>
        <translation>ベンチのイベント (%1)</translation>
    </message>
    <message>
        <source>&amp;Bench events</source>
        <translation>ベンチのイベント(&amp;B)</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuCommand</name>
    <message>
        <source>cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>exported the menu to %1</source>
        <translation>メニューを %1 にエクスポートしました</translation>
    </message>
    <message>
        <source>give the password on standard input, e.g. echo -n secret | bootbench menu hash-password</source>
        <translation>パスワードは標準入力で渡してください（例: echo -n secret | bootbench menu hash-password）</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 を読み込めません: %2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n error(s); nothing was imported</source>
        <translation>
            <numerusform>%1: %n 件のエラー。何もインポートされませんでした</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: no errors</source>
        <translation>%1: エラーなし</translation>
    </message>
    <message>
        <source>imported the menu from %1</source>
        <translation>%1 からメニューをインポートしました</translation>
    </message>
    <message>
        <source>%1 is not a text file: byte %2 on line %3, column %4 is not UTF-8 text (the menu is plain UTF-8 text). The line: %5</source>
        <translation>%1 はテキストファイルではありません: %3 行 %4 列のバイト %2 は UTF-8 テキストではありません（メニューはプレーンな UTF-8 テキストです）。その行: %5</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuEditor</name>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>変更を破棄(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>Re&amp;do</source>
        <translation>やり直し(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Add entry</source>
        <translation>項目を追加(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;move entry</source>
        <translation>項目を削除(&amp;M)</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上へ</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下へ</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>ファイル: %1</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>再読み込み(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Keep mine</source>
        <translation>こちらを維持(&amp;K)</translation>
    </message>
    <message>
        <source>Menu settings (all devices)</source>
        <translation>メニュー設定（全デバイス）</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>項目</translation>
    </message>
    <message>
        <source>Preview (80×25, as the device shows it)</source>
        <translation>プレビュー（80×25、デバイスでの表示）</translation>
    </message>
    <message>
        <source>Menu:</source>
        <translation>メニュー:</translation>
    </message>
    <message>
        <source>Not saved: the settings changed while the password was being hashed; save again.</source>
        <translation>保存されていません: パスワードのハッシュ計算中に設定が変更されました。もう一度保存してください。</translation>
    </message>
    <message>
        <source>Cannot read the menu from the store: %1</source>
        <translation>ストアからメニューを読み込めません: %1</translation>
    </message>
    <message>
        <source>%1 differs from the menu in use (it was edited while Bootbench was not running).</source>
        <translation>%1 は使用中のメニューと異なります（Bootbench の停止中に編集されました）。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>問題は見つかりませんでした。</translation>
    </message>
    <message>
        <source>main menu</source>
        <translation>メインメニュー</translation>
    </message>
    <message>
        <source>Fix the errors first: a menu with errors is not served</source>
        <translation>先にエラーを修正してください。エラーのあるメニューは配信されません</translation>
    </message>
    <message numerus="yes">
        <source>Not saved: %n error(s) in the menu, the first: %1</source>
        <translation>
            <numerusform>保存されていません: メニューに %n 件のエラーがあります。最初のエラー: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした: %1</translation>
    </message>
    <message>
        <source>Saving as soon as the new password is hashed…</source>
        <translation>新しいパスワードのハッシュ計算が終わりしだい保存します…</translation>
    </message>
    <message>
        <source>Not saved: cannot write %1: %2</source>
        <translation>保存されていません: %1 に書き込めません: %2</translation>
    </message>
    <message>
        <source>Saved for the devices, but %1 could not be replaced: %2</source>
        <translation>デバイス用には保存しましたが、%1 を置き換えられませんでした: %2</translation>
    </message>
    <message>
        <source>Saved: the devices get this menu from their next boot.</source>
        <translation>保存しました。デバイスは次回の起動からこのメニューを受け取ります。</translation>
    </message>
    <message>
        <source>Reverted to the menu in use.</source>
        <translation>使用中のメニューに戻しました。</translation>
    </message>
    <message>
        <source>%1 was changed outside Bootbench.</source>
        <translation>%1 が Bootbench の外部で変更されました。</translation>
    </message>
    <message>
        <source>The menu in use was changed elsewhere; this is it now.</source>
        <translation>使用中のメニューが別の場所で変更されました。現在の内容を表示しています。</translation>
    </message>
    <message>
        <source>The menu in use was changed elsewhere (e.g. &quot;bootbench menu import&quot;).</source>
        <translation>使用中のメニューが別の場所で変更されました（例: &quot;bootbench menu import&quot;）。</translation>
    </message>
    <message>
        <source>Reload it? Your unsaved changes here are replaced (Undo brings them back).</source>
        <translation>再読み込みしますか？ ここでの未保存の変更は置き換えられます（元に戻すで復元できます）。</translation>
    </message>
    <message>
        <source>Reload it?</source>
        <translation>再読み込みしますか？</translation>
    </message>
    <message>
        <source>Loaded the file; save to serve it to the devices.</source>
        <translation>ファイルを読み込みました。デバイスに配信するには保存してください。</translation>
    </message>
    <message>
        <source>Loaded the menu in use.</source>
        <translation>使用中のメニューを読み込みました。</translation>
    </message>
    <message>
        <source>Kept the text here; saving replaces the other version.</source>
        <translation>ここでの内容を維持しました。保存するともう一方の版は置き換えられます。</translation>
    </message>
    <message>
        <source>New entry</source>
        <translation>新しい項目</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuEntriesModel</name>
    <message>
        <source>Start imaging</source>
        <translation>イメージングを開始</translation>
    </message>
    <message>
        <source>Imaging maintenance</source>
        <translation>イメージングの保守</translation>
    </message>
    <message>
        <source>Run a bundle</source>
        <translation>バンドルを実行</translation>
    </message>
    <message>
        <source>Boot the local disk</source>
        <translation>ローカルディスクから起動</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>再起動</translation>
    </message>
    <message>
        <source>Power off</source>
        <translation>電源を切る</translation>
    </message>
    <message>
        <source>Open a submenu</source>
        <translation>サブメニューを開く</translation>
    </message>
    <message>
        <source>Back to the main menu</source>
        <translation>メインメニューに戻る</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>メニュー</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>アクション</translation>
    </message>
    <message>
        <source>Bundle / submenu</source>
        <translation>バンドル / サブメニュー</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>ホットキー</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>既定</translation>
    </message>
    <message>
        <source>Line %1 of pxemenu.txt</source>
        <translation>pxemenu.txt の %1 行目</translation>
    </message>
    <message>
        <source>main</source>
        <translation>メイン</translation>
    </message>
    <message>
        <source>default</source>
        <translation>既定</translation>
    </message>
</context>
<context>
    <name>bootbench::MenuSettingsForm</name>
    <message>
        <source>C&amp;lear password</source>
        <translation>パスワードを消去(&amp;L)</translation>
    </message>
    <message>
        <source>Only when the hotkey is pressed</source>
        <translation>ホットキーが押されたときのみ</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>常に表示</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>表示しない</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long the device waits for the hotkey (and on UEFI for Enter) before going on</source>
        <translation>デバイスが先に進む前にホットキー（UEFI では Enter も）を待つ時間</translation>
    </message>
    <message>
        <source>new password</source>
        <translation>新しいパスワード</translation>
    </message>
    <message>
        <source>the same again</source>
        <translation>もう一度同じもの</translation>
    </message>
    <message>
        <source>Show the menu:</source>
        <translation>メニューの表示:</translation>
    </message>
    <message>
        <source>Hotkey time-out:</source>
        <translation>ホットキーのタイムアウト:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>Set a new password:</source>
        <translation>新しいパスワード:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>確認:</translation>
    </message>
    <message>
        <source>A new password will be set when you save.</source>
        <translation>保存すると新しいパスワードが設定されます。</translation>
    </message>
    <message>
        <source>The password will be cleared when you save.</source>
        <translation>保存するとパスワードが消去されます。</translation>
    </message>
    <message>
        <source>Set (stored as a salted hash; the menu asks for it).</source>
        <translation>設定済み（ソルト付きハッシュで保存。メニューで入力を求めます）。</translation>
    </message>
    <message>
        <source>None: anyone at the device can use the menu.</source>
        <translation>なし: デバイスの前にいる誰でもメニューを使えます。</translation>
    </message>
    <message>
        <source>Use at least %1 characters.</source>
        <translation>%1 文字以上にしてください。</translation>
    </message>
    <message>
        <source>The password starts or ends with a space; a keyboard at the device may not match it.</source>
        <translation>パスワードの先頭または末尾に空白があります。デバイスのキーボードでは一致しない可能性があります。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>2 つのパスワードが一致しません。</translation>
    </message>
</context>
<context>
    <name>bootbench::MonitorPage</name>
    <message>
        <source>Back to live</source>
        <translation>ライブ表示に戻る</translation>
    </message>
    <message>
        <source>Live: the events of the services running here.</source>
        <translation>ライブ: ここで動いているサービスのイベントです。</translation>
    </message>
</context>
<context>
    <name>bootbench::MulticastActionEditor</name>
    <message>
        <source> machines</source>
        <translation> 台</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>wait for all</source>
        <translation>全台を待つ</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>イメージ:</translation>
    </message>
    <message>
        <source>Expected machines:</source>
        <translation>想定台数:</translation>
    </message>
    <message>
        <source>Start after:</source>
        <translation>開始までの時間:</translation>
    </message>
    <message>
        <source>The session starts when the expected number of machines has joined, or when the time-out has passed since the first one joined.</source>
        <translation>想定台数が参加したとき、または最初の 1 台の参加からタイムアウト時間が経過したときにセッションを開始します。</translation>
    </message>
</context>
<context>
    <name>bootbench::RestoreActionEditor</name>
    <message>
        <source>/dev/sda or 0</source>
        <translation>/dev/sda または 0</translation>
    </message>
    <message>
        <source>all partitions</source>
        <translation>すべてのパーティション</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>イメージ:</translation>
    </message>
    <message>
        <source>Target disk:</source>
        <translation>復元先ディスク:</translation>
    </message>
    <message>
        <source>Partitions to restore:</source>
        <translation>復元するパーティション:</translation>
    </message>
</context>
<context>
    <name>bootbench::RuleCommand</name>
    <message>
        <source>criterion &quot;%1&quot; must be FIELD OP VALUE, e.g. &quot;ram-mb ge 4096&quot;</source>
        <translation>条件 &quot;%1&quot; は FIELD OP VALUE の形式で指定してください（例: &quot;ram-mb ge 4096&quot;）</translation>
    </message>
    <message>
        <source>unknown field &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>&quot;%2&quot; に不明なフィールド &quot;%1&quot; があります</translation>
    </message>
    <message>
        <source>unknown comparison &quot;%1&quot; in &quot;%2&quot;</source>
        <translation>&quot;%2&quot; に不明な比較 &quot;%1&quot; があります</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>POS</source>
        <translation>順位</translation>
    </message>
    <message>
        <source>ENABLED</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>BUNDLE</source>
        <translation>バンドル</translation>
    </message>
    <message>
        <source>CRITERIA</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>added rule %1 at position %2</source>
        <translation>ルール %1 を %2 番目に追加しました</translation>
    </message>
    <message>
        <source>removed rule %1</source>
        <translation>ルール %1 を削除しました</translation>
    </message>
    <message>
        <source>moved rule %1 to position %2</source>
        <translation>ルール %1 を %2 番目に移動しました</translation>
    </message>
</context>
<context>
    <name>bootbench::RuleForm</name>
    <message>
        <source>&amp;Enabled</source>
        <translation>有効(&amp;E)</translation>
    </message>
    <message>
        <source>e.g. Dell desktops with 8 GB or more</source>
        <translation>例: 8 GB 以上の Dell デスクトップ</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Bundle:</source>
        <translation>バンドル(&amp;B):</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Which known devices match</source>
        <translation>一致する既知のデバイス</translation>
    </message>
    <message>
        <source>(choose a bundle)</source>
        <translation>（バンドルを選択）</translation>
    </message>
    <message>
        <source>%1 (no longer exists)</source>
        <translation>%1（存在しません）</translation>
    </message>
    <message>
        <source>Choose the bundle this rule assigns.</source>
        <translation>このルールが割り当てるバンドルを選択してください。</translation>
    </message>
    <message>
        <source>There is no bundle yet: create one on the Bundles page first.</source>
        <translation>バンドルがまだありません。先に「バンドル」ページで作成してください。</translation>
    </message>
    <message>
        <source>The bundle &quot;%1&quot; no longer exists: choose another.</source>
        <translation>バンドル &quot;%1&quot; はもう存在しません。別のバンドルを選択してください。</translation>
    </message>
    <message>
        <source>Complete the criteria to see which devices match.</source>
        <translation>条件を完成させると、一致するデバイスが表示されます。</translation>
    </message>
    <message>
        <source>has its own assignment, which comes first</source>
        <translation>個別の割り当てがあり、そちらが優先</translation>
    </message>
    <message>
        <source>rule &quot;%1&quot; comes first</source>
        <translation>ルール &quot;%1&quot; が優先</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>%1 MB RAM</source>
        <translation>RAM %1 MB</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n known device(s) match.</source>
        <translation>
            <numerusform>既知のデバイス %n 台のうち %1 台が一致します。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This rule decides the work of %n of them.</source>
        <translation>
            <numerusform>このルールがそのうち %n 台の作業を決めます。</numerusform>
        </translation>
    </message>
    <message>
        <source>The rule is disabled: it gives no work until it is enabled.</source>
        <translation>このルールは無効です。有効にするまで作業を割り当てません。</translation>
    </message>
</context>
<context>
    <name>bootbench::RulesEditor</name>
    <message>
        <source>(unnamed rule)</source>
        <translation>（名前のないルール）</translation>
    </message>
    <message>
        <source>&amp;New rule</source>
        <translation>新規ルール(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>削除(&amp;D)…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上へ移動(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下へ移動(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>変更を破棄(&amp;R)</translation>
    </message>
    <message>
        <source>Checked in order; the first enabled rule that matches a device without its own assignment gives it its work.</source>
        <translation>上から順に評価されます。個別の割り当てがないデバイスには、最初に一致した有効なルールが作業を割り当てます。</translation>
    </message>
    <message>
        <source>Cannot read the store: %1</source>
        <translation>ストアを読み込めません: %1</translation>
    </message>
    <message>
        <source>Enabled: uncheck to skip this rule</source>
        <translation>有効: チェックを外すとこのルールをスキップします</translation>
    </message>
    <message>
        <source>Disabled: check to use this rule again</source>
        <translation>無効: チェックするとこのルールを再び使用します</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <source>The rule being edited has changes that are not saved. Discard them?</source>
        <translation>編集中のルールに未保存の変更があります。破棄しますか?</translation>
    </message>
    <message>
        <source>New rule: name it, choose its bundle and add conditions, then save. It is added at the end.</source>
        <translation>新規ルール: 名前を付け、バンドルを選択して条件を追加し、保存してください。末尾に追加されます。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
    <message>
        <source>Delete rule</source>
        <translation>ルールを削除</translation>
    </message>
    <message>
        <source>Delete the rule &quot;%1&quot;?</source>
        <translation>ルール &quot;%1&quot; を削除しますか?</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>削除されませんでした: %1</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>削除しました。</translation>
    </message>
    <message>
        <source>Not moved: %1</source>
        <translation>移動されませんでした: %1</translation>
    </message>
    <message>
        <source>Moved to position %1.</source>
        <translation>%1 番目に移動しました。</translation>
    </message>
    <message>
        <source>Rule enabled.</source>
        <translation>ルールを有効にしました。</translation>
    </message>
    <message>
        <source>Rule disabled.</source>
        <translation>ルールを無効にしました。</translation>
    </message>
</context>
<context>
    <name>bootbench::ScriptActionEditor</name>
    <message>
        <source>#!/bin/sh
# Runs in the imaging environment, e.g.:
img restore win11.img /dev/sda</source>
        <translation>#!/bin/sh
# イメージング環境で実行されます。例:
img restore win11.img /dev/sda</translation>
    </message>
    <message>
        <source>Run by /bin/sh in the imaging environment. A non-zero exit status fails the work.</source>
        <translation>イメージング環境の /bin/sh で実行されます。終了ステータスが 0 以外なら作業は失敗になります。</translation>
    </message>
</context>
<context>
    <name>bootbench::Serve</name>
    <message>
        <source>Bootbench data: %1</source>
        <translation>Bootbench データ: %1</translation>
    </message>
    <message>
        <source>TFTP root: %1</source>
        <translation>TFTP ルート: %1</translation>
    </message>
    <message>
        <source>No network interface chosen: no DHCP service starts. Choose the bench interface with --interface IF (or in the window). This machine&apos;s interfaces:</source>
        <translation>ネットワークインターフェースが選択されていないため、DHCP サービスは起動しません。--interface IF（またはウィンドウ）でベンチ用インターフェースを選択してください。このマシンのインターフェース:</translation>
    </message>
    <message>
        <source>interface %1 has no IPv4 address; give one with --address</source>
        <translation>インターフェース %1 に IPv4 アドレスがありません。--address で指定してください</translation>
    </message>
    <message>
        <source>service %1: %2</source>
        <translation>サービス %1: %2</translation>
    </message>
    <message>
        <source>signal %1 received: stopping</source>
        <translation>シグナル %1 を受信しました: 停止します</translation>
    </message>
    <message>
        <source>Services: %1. Stop with Ctrl+C.</source>
        <translation>サービス: %1。Ctrl+C で停止します。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止しました</translation>
    </message>
    <message>
        <source>not starting %1: %2</source>
        <translation>%1 を起動しません: %2</translation>
    </message>
    <message>
        <source>Store: %1 (this bench: %2)</source>
        <translation>ストア: %1（このベンチ: %2）</translation>
    </message>
    <message>
        <source>store disconnected since %1 (%2); up to %3 events wait</source>
        <translation>ストアは %1 から切断中です（%2）。最大 %3 件のイベントが待機します</translation>
    </message>
    <message>
        <source>store connected again; %1 events lost</source>
        <translation>ストアに再接続しました。失われたイベント: %1 件</translation>
    </message>
    <message>
        <source>imaging environment: ready (kernel %1)</source>
        <translation>イメージング環境: 準備完了（カーネル %1）</translation>
    </message>
    <message>
        <source>imaging environment: %1, and it cannot be built: missing package(s) %2; install with: %3</source>
        <translation>イメージング環境: %1。ビルドできません: パッケージ %2 がありません。インストール: %3</translation>
    </message>
    <message>
        <source>imaging environment: %1 (%2): building it</source>
        <translation>イメージング環境: %1（%2）: ビルドします</translation>
    </message>
    <message>
        <source>imaging environment: %1 % %2</source>
        <translation>イメージング環境: %1 % %2</translation>
    </message>
    <message>
        <source>imaging environment: ready</source>
        <translation>イメージング環境: 準備完了</translation>
    </message>
    <message>
        <source>imaging environment: build failed: %1</source>
        <translation>イメージング環境: ビルド失敗: %1</translation>
    </message>
</context>
<context>
    <name>bootbench::ServiceConfig</name>
    <message>
        <source>unknown service &quot;%1&quot; (known: %2, or none)</source>
        <translation>不明なサービス &quot;%1&quot;（既知のサービス: %2、または none）</translation>
    </message>
    <message>
        <source>the DHCP server needs an address pool: --dhcp-range FIRST-LAST</source>
        <translation>DHCP サーバーにはアドレスプールが必要です: --dhcp-range FIRST-LAST</translation>
    </message>
    <message>
        <source>the DHCP range starts after it ends (%1-%2)</source>
        <translation>DHCP の範囲の開始が終了より後です（%1-%2）</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a range of IPv4 addresses like 192.0.2.100-192.0.2.200</source>
        <translation>&quot;%1&quot; は 192.0.2.100-192.0.2.200 のような IPv4 アドレスの範囲ではありません</translation>
    </message>
    <message>
        <source>the range %1 starts after it ends</source>
        <translation>範囲 %1 の開始が終了より後です</translation>
    </message>
</context>
<context>
    <name>bootbench::ServiceErrorText</name>
    <message>
        <source>%1 on %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>cannot bind %1: permission denied; binding port %2 (below 1024) needs privilege: run as root, or grant it once with &quot;%3&quot;</source>
        <translation>%1 にバインドできません: 権限がありません。ポート %2（1024 未満）のバインドには権限が必要です。root で実行するか、一度だけ &quot;%3&quot; で権限を付与してください</translation>
    </message>
    <message>
        <source>binding port %1 (below 1024) needs privilege: run as root, or grant it once with &quot;%2&quot;</source>
        <translation>ポート %1（1024 未満）のバインドには権限が必要です。root で実行するか、一度だけ &quot;%2&quot; で権限を付与してください</translation>
    </message>
    <message>
        <source>cannot bind %1 to interface %2: permission denied (needs CAP_NET_RAW: &quot;%3&quot;)</source>
        <translation>%1 をインターフェイス %2 に結び付けられません: 権限がありません（CAP_NET_RAW が必要: &quot;%3&quot;）</translation>
    </message>
    <message>
        <source>%1 is already in use by another program</source>
        <translation>%1 はほかのプログラムが使用中です</translation>
    </message>
    <message>
        <source>%1 is already in use by %2 (pid %3)</source>
        <translation>%1 は %2（PID %3）が使用中です</translation>
    </message>
    <message>
        <source>cannot listen for HTTP on %1: the port is taken by %2 (pid %3)</source>
        <translation>%1 で HTTP を待ち受けできません: ポートは %2（PID %3）が使用中です</translation>
    </message>
    <message>
        <source> (ports below 1024 need privilege: %1)</source>
        <translation>（1024 未満のポートには権限が必要です: %1）</translation>
    </message>
    <message>
        <source>cannot listen for HTTP on %1: </source>
        <translation>%1 で HTTP を待ち受けできません: </translation>
    </message>
    <message>
        <source>%1 (%2) is missing: package %3 is not installed - apt-get install %3</source>
        <translation>%1（%2）がありません: パッケージ %3 がインストールされていません。sudo apt-get install %3 でインストールしてください</translation>
    </message>
    <message>
        <source>missing %1 (%2): %3 is not installed (%4 not found) - apt-get install %3</source>
        <translation>%1（%2）がありません: %3 がインストールされていません（%4 が見つかりません）。sudo apt-get install %3 でインストールしてください</translation>
    </message>
    <message>
        <source>optional files of %1 are not installed - apt-get install %1</source>
        <translation>%1 のオプションのファイルがインストールされていません。sudo apt-get install %1 でインストールできます</translation>
    </message>
    <message>
        <source>run as root, or grant it once with &quot;%1&quot;</source>
        <translation>root で実行するか、一度だけ &quot;%1&quot; で権限を付与してください</translation>
    </message>
    <message>
        <source>The proxyDHCP</source>
        <translation>プロキシDHCP</translation>
    </message>
    <message>
        <source>The bench DHCP server</source>
        <translation>ベンチの DHCP サーバー</translation>
    </message>
    <message>
        <source>%1 does not start: </source>
        <translation>%1 は起動しません: </translation>
    </message>
    <message>
        <source>the imaging environment is incomplete: %1 missing in %2 (vendor imaging boots boot/kernel with boot/initrd and boot/root; put them there)</source>
        <translation>イメージング環境が不完全です: %2 に %1 がありません（ベンダーイメージングは boot/kernel を boot/initrd と boot/root で起動します。これらを配置してください）</translation>
    </message>
</context>
<context>
    <name>bootbench::ServicesPanel</name>
    <message>
        <source>Proxy DHCP (UDP 67, 4011)</source>
        <translation>プロキシDHCP (UDP 67, 4011)</translation>
    </message>
    <message>
        <source>DHCP server (UDP 67)</source>
        <translation>DHCP サーバー (UDP 67)</translation>
    </message>
    <message>
        <source>TFTP (UDP 69)</source>
        <translation>TFTP (UDP 69)</translation>
    </message>
    <message>
        <source>Policy (HTTP)</source>
        <translation>ポリシー (HTTP)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>no IPv4 address</source>
        <translation>IPv4 アドレスなし</translation>
    </message>
    <message>
        <source>link up</source>
        <translation>リンクアップ</translation>
    </message>
    <message>
        <source>no link</source>
        <translation>リンクなし</translation>
    </message>
    <message>
        <source>loopback</source>
        <translation>ループバック</translation>
    </message>
    <message>
        <source>your uplink — not recommended</source>
        <translation>アップリンク — 非推奨</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>The one interface the bench&apos;s DHCP answers may leave by. Choose the bench network, not your uplink.</source>
        <translation>ベンチの DHCP 応答を送出する唯一のインターフェースです。アップリンクではなくベンチのネットワークを選択してください。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>List the machine&apos;s interfaces again</source>
        <translation>このマシンのインターフェースを再取得</translation>
    </message>
    <message>
        <source>Interface:</source>
        <translation>インターフェース:</translation>
    </message>
    <message>
        <source>Phase 1:</source>
        <translation>フェーズ 1:</translation>
    </message>
    <message>
        <source>Address pool:</source>
        <translation>アドレスプール:</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>サービス</translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>すべて開始</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>すべて停止</translation>
    </message>
    <message>
        <source>(choose the bench interface)</source>
        <translation>（ベンチ用インターフェースを選択）</translation>
    </message>
    <message>
        <source>Not available: the service could not be created (see above).</source>
        <translation>利用不可: サービスを作成できませんでした（上記参照）。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>The services cannot start: %1.</source>
        <translation>サービスを開始できません: %1。</translation>
    </message>
    <message>
        <source>This build cannot create network services.</source>
        <translation>このビルドではネットワークサービスを作成できません。</translation>
    </message>
    <message>
        <source>The services could not be created: %1.</source>
        <translation>サービスを作成できませんでした: %1。</translation>
    </message>
    <message>
        <source>No interface chosen: no DHCP answer will be sent until you choose the bench interface above.</source>
        <translation>インターフェースが選択されていません。上でベンチ用インターフェースを選択するまで、DHCP 応答は送信されません。</translation>
    </message>
    <message>
        <source>%1 holds the default route (your uplink): answering DHCP there can disturb the network it leads to. Prefer a separate bench interface.</source>
        <translation>%1 はデフォルトルート（アップリンク）です。ここで DHCP に応答すると接続先のネットワークに影響する恐れがあります。別のベンチ用インターフェースを使用してください。</translation>
    </message>
    <message>
        <source>Proxy DHCP only</source>
        <translation>プロキシDHCP のみ</translation>
    </message>
    <message>
        <source>DHCP server + proxy DHCP</source>
        <translation>DHCP サーバー + プロキシDHCP</translation>
    </message>
    <message>
        <source>Variant A: the network already has a DHCP server; Bootbench only adds the boot information.</source>
        <translation>構成 A: ネットワークに DHCP サーバーがすでにあり、Bootbench はブート情報だけを追加します。</translation>
    </message>
    <message>
        <source>Variant B: an isolated bench; Bootbench also hands out the addresses of the pool below.</source>
        <translation>構成 B: 独立したベンチ。Bootbench が下のプールのアドレスも配布します。</translation>
    </message>
    <message>
        <source>Proxy only when the network already has a DHCP server; with the server on an isolated bench.</source>
        <translation>ネットワークに DHCP サーバーがすでにある場合はプロキシのみ、独立したベンチではサーバー付きにします。</translation>
    </message>
    <message>
        <source>The boot chain in the TFTP root is not complete:</source>
        <translation>TFTP ルートのブートチェーンが不完全です:</translation>
    </message>
    <message>
        <source>IPv6: answer &quot;no router here&quot;</source>
        <translation>IPv6:「ルーターなし」と応答</translation>
    </message>
    <message>
        <source>The DHCP server answers IPv6 router solicitations on the interface with &quot;no IPv6 router here&quot;, so iPXE does not wait ~16 s for IPv6 on every boot. Turn it off when the bench network has its own IPv6 router.</source>
        <translation>DHCP サーバーがインターフェース上の IPv6 ルーター要請に「ここに IPv6 ルーターはない」と応答し、iPXE が起動のたびに IPv6 を約 16 秒待たないようにします。ベンチのネットワークに IPv6 ルーターがある場合はオフにしてください。</translation>
    </message>
    <message>
        <source>The DHCP server needs an address pool: type its first and last address. The other services run without it.</source>
        <translation>DHCP サーバーにはアドレスプールが必要です。最初と最後のアドレスを入力してください。ほかのサービスはプールなしで動作します。</translation>
    </message>
    <message>
        <source>The first address of the pool is not an IPv4 address.</source>
        <translation>プールの最初のアドレスが IPv4 アドレスではありません。</translation>
    </message>
    <message>
        <source>The last address of the pool is not an IPv4 address.</source>
        <translation>プールの最後のアドレスが IPv4 アドレスではありません。</translation>
    </message>
    <message>
        <source>The pool&apos;s first address comes after its last.</source>
        <translation>プールの最初のアドレスが最後のアドレスより後ろにあります。</translation>
    </message>
    <message>
        <source>Waiting for a usable address pool (above).</source>
        <translation>使用できるアドレスプール（上）を待っています。</translation>
    </message>
    <message>
        <source>no interface</source>
        <translation>インターフェースなし</translation>
    </message>
    <message>
        <source>The services are running. Restart them on %1 with &quot;%2&quot;? Machines booting now lose their transfers.</source>
        <translation>サービスは動作中です。%1 で「%2」として再起動しますか? 起動中のマシンは転送を失います。</translation>
    </message>
    <message>
        <source>%1 is your uplink: it holds the default route. Answering DHCP there can disturb the network it leads to, not only the bench. Restart the services on %1 anyway?</source>
        <translation>%1 はアップリンクです（デフォルトルートを持っています）。そこで DHCP に応答すると、ベンチだけでなくその先のネットワークを乱すおそれがあります。それでも %1 でサービスを再起動しますか?</translation>
    </message>
    <message>
        <source>Restart the services</source>
        <translation>サービスの再起動</translation>
    </message>
    <message>
        <source>Proxy DHCP (UDP %1, %2)</source>
        <translation>プロキシDHCP (UDP %1, %2)</translation>
    </message>
    <message>
        <source>DHCP server (UDP %1)</source>
        <translation>DHCP サーバー (UDP %1)</translation>
    </message>
    <message>
        <source>TFTP (UDP %1)</source>
        <translation>TFTP (UDP %1)</translation>
    </message>
    <message>
        <source>Policy (HTTP %1)</source>
        <translation>ポリシー (HTTP %1)</translation>
    </message>
    <message>
        <source>Not running: machines get no answer from it. Start it with the button.</source>
        <translation>停止中: マシンはこのサービスから応答を受けません。ボタンで開始してください。</translation>
    </message>
    <message>
        <source>Opening its ports…</source>
        <translation>ポートを開いています…</translation>
    </message>
    <message>
        <source>Running: it answers the machines on its ports.</source>
        <translation>動作中: ポートでマシンに応答しています。</translation>
    </message>
    <message>
        <source>It could not start or stopped by itself: the reason is below the row.</source>
        <translation>起動できなかったか、自ら停止しました。理由は行の下にあります。</translation>
    </message>
</context>
<context>
    <name>bootbench::TakeActionEditor</name>
    <message>
        <source>e.g. lab-pc-2024.img</source>
        <translation>例: lab-pc-2024.img</translation>
    </message>
    <message>
        <source>/dev/sda or 0</source>
        <translation>/dev/sda または 0</translation>
    </message>
    <message>
        <source>New image name:</source>
        <translation>新しいイメージ名:</translation>
    </message>
    <message>
        <source>Disk to read:</source>
        <translation>読み取るディスク:</translation>
    </message>
    <message>
        <source>An image of that name exists: taking the image replaces it.</source>
        <translation>同じ名前のイメージがあります。取得すると置き換えられます。</translation>
    </message>
    <message>
        <source>The image is uploaded to %1.</source>
        <translation>イメージは %1 にアップロードされます。</translation>
    </message>
    <message>
        <source>Whole disk, as a folder image (partition table and every partition)</source>
        <translation>ディスク全体をフォルダーイメージとして取得（パーティションテーブルとすべてのパーティション）</translation>
    </message>
    <message>
        <source>Replace an image of that name</source>
        <translation>同じ名前のイメージを置き換える</translation>
    </message>
    <message>
        <source>An image of that name exists: the take fails unless it may replace it.</source>
        <translation>同じ名前のイメージがあります: 置き換えを許可しないと取得は失敗します。</translation>
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
        <translation>アクティブ</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>silent &gt; 90 s</source>
        <translation>無応答 &gt; 90 秒</translation>
    </message>
    <message>
        <source>Active %1 (menu %2) · done %3 · local boot %4 · failed %5 · %6 events</source>
        <translation>アクティブ %1（メニュー %2）· 完了 %3 · ローカルブート %4 · 失敗 %5 · イベント %6 件</translation>
    </message>
</context>
<context>
    <name>bootbench::TimelineView</name>
    <message>
        <source>No work → local boot</source>
        <translation>作業なし → ローカルブート</translation>
    </message>
    <message>
        <source>Menu shown / choice</source>
        <translation>メニュー表示 / 選択</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完了</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Expected refusal</source>
        <translation>想定どおりの拒否</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>初回確認</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>All devices</source>
        <translation>すべてのデバイス</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>アクティブ</translation>
    </message>
    <message>
        <source>Search MAC, name or IP</source>
        <translation>MAC、名前、IP で検索</translation>
    </message>
    <message>
        <source>Follow now</source>
        <translation>現在時刻に追従</translation>
    </message>
    <message>
        <source>Keep the newest events in view. Zooming or panning stops following.</source>
        <translation>最新のイベントを常に表示します。ズームやパンをすると追従を止めます。</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>すべてのレーン</translation>
    </message>
    <message>
        <source>Show every lane (Ctrl+wheel zooms the lanes, the wheel zooms time)</source>
        <translation>すべてのレーンを表示（Ctrl+ホイールでレーン、ホイールで時間軸をズーム）</translation>
    </message>
    <message>
        <source>Sort:</source>
        <translation>並べ替え:</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>表示:</translation>
    </message>
    <message>
        <source>no event for %1</source>
        <translation>%1 のイベントはありません</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失敗: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2–%3, %n event(s)</source>
        <translation>
            <numerusform>%1: %2–%3、イベント %n 件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  … and %n more event(s)</source>
        <translation>
            <numerusform>  … ほかにイベント %n 件</numerusform>
        </translation>
    </message>
    <message>
        <source>Older events are summarised here; the device details list them all.</source>
        <translation>古いイベントはここでは要約表示です。デバイス詳細にはすべて表示されます。</translation>
    </message>
</context>
<context>
    <name>bootbench::UnsavedEdits</name>
    <message>
        <source>The new bundle</source>
        <translation>新しいバンドル</translation>
    </message>
    <message>
        <source>The bundle &quot;%1&quot;</source>
        <translation>バンドル「%1」</translation>
    </message>
    <message>
        <source>The new hardware rule</source>
        <translation>新しいハードウェアルール</translation>
    </message>
    <message>
        <source>The hardware rule &quot;%1&quot;</source>
        <translation>ハードウェアルール「%1」</translation>
    </message>
    <message>
        <source>The device %1</source>
        <translation>デバイス %1</translation>
    </message>
    <message>
        <source>The preboot menu</source>
        <translation>プリブートメニュー</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved.</source>
        <translation>%1 に保存されていない変更があります。</translation>
    </message>
    <message>
        <source>Save them, discard them, or go back to them?</source>
        <translation>保存しますか、破棄しますか、それとも編集に戻りますか?</translation>
    </message>
</context>
<context>
    <name>bootbench::WinPeActionEditor</name>
    <message>
        <source>Folder with bootmgr.exe, Boot/BCD, Boot/boot.sdi, sources/boot.wim</source>
        <translation>bootmgr.exe、Boot/BCD、Boot/boot.sdi、sources/boot.wim を含むフォルダー</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Boot manager:</source>
        <translation>ブートマネージャー:</translation>
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
        <translation>WinPE イメージ (.wim):</translation>
    </message>
    <message>
        <source>WinPE folder:</source>
        <translation>WinPE フォルダー:</translation>
    </message>
    <message>
        <source>Folder with the WinPE files</source>
        <translation>WinPE ファイルのフォルダー</translation>
    </message>
    <message>
        <source>(not chosen)</source>
        <translation>（未選択）</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1（見つかりません）</translation>
    </message>
    <message>
        <source>Choose a folder: the four files are looked for in it.</source>
        <translation>フォルダーを選択してください。その中で 4 つのファイルを探します。</translation>
    </message>
    <message>
        <source>boot manager</source>
        <translation>ブートマネージャー</translation>
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
        <translation>WinPE イメージ</translation>
    </message>
    <message>
        <source>✓ All four WinPE files are present.</source>
        <translation>✓ WinPE ファイル 4 つがすべてそろっています。</translation>
    </message>
    <message>
        <source>✗ Missing: %1.</source>
        <translation>✗ 不足: %1。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>In phase 7 the device loads the boot manager, which reads the BCD, then boot.sdi and the WinPE image: these are the four files the bundle names.</source>
        <translation>フェーズ 7 でデバイスはブートマネージャーを読み込み、ブートマネージャーが BCD、続いて boot.sdi と WinPE イメージを読み込みます。バンドルが指定するのはこの 4 つのファイルです。</translation>
    </message>
</context>
</TS>
