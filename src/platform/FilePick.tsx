/**
 * The control that picks files and uploads them (components/FilePicker.tsx wraps it with the busy
 * state and the error message). H5 (this file): the browser's file input; each file is read as
 * base64 and sent with `org.uploadFile` (4 MB at most). WeChat: FilePick.weapp.tsx.
 */
import { View } from '@tarojs/components';
import { call } from '../api';
import { FILE_ACCEPT, IMAGE_ACCEPT, contentTypeOf, type Uploaded } from '../components/upload';

/** Uploads what was picked, handing each file to `onEach` as it lands. */
export type UploadRun = (onEach: (u: Uploaded) => void) => Promise<void>;

export interface PickButtonProps {
  id: string;
  /** documents (several) or one image */
  kind: 'files' | 'image';
  /** the label on H5 (and on WeChat unless `weappLabel`) */
  label: string;
  weappLabel?: string;
  disabled: boolean;
  /** called with the upload of what was picked; settles when it is done */
  onPick: (run: UploadRun) => Promise<void>;
}

type Picked = { name: string; contentType: string; base64: string };

/** Files picked in the browser, read as base64. */
function readH5(files: FileList): Promise<Picked[]> {
  const read = (f: File) =>
    new Promise<Picked>((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve({ name: f.name, contentType: contentTypeOf(f.name, f.type), base64: String(r.result).replace(/^data:[^,]*,/, '') });
      r.onerror = () => reject(r.error);
      r.readAsDataURL(f);
    });
  return Promise.all(Array.from(files).map(read));
}

/** Uploads what the file input holds, one by one, reporting each as it lands. */
async function uploadFromInput(files: FileList, onEach: (u: Uploaded) => void): Promise<void> {
  const picked = await readH5(files);
  for (let i = 0; i < picked.length; i++) {
    const ref = await call('org', 'uploadFile', picked[i]);
    const preview = picked[i].contentType.startsWith('image/') ? `data:${picked[i].contentType};base64,${picked[i].base64}` : undefined;
    onEach({ id: ref.id, name: ref.name, size: ref.size, preview });
  }
}

export function PickButton(props: PickButtonProps) {
  return (
    <View className='file-pick'>
      {/* the browser's own file button speaks the browser's language: a Chinese label opens it */}
      <label htmlFor={props.id} className={`file-button ${props.disabled ? 'off' : ''}`}>
        {props.label}
      </label>
      <input
        id={props.id}
        className='file-input'
        type='file'
        multiple={props.kind === 'files'}
        disabled={props.disabled}
        accept={props.kind === 'image' ? IMAGE_ACCEPT : FILE_ACCEPT}
        onChange={(e) => {
          const input = e.target as HTMLInputElement;
          const files = input.files;
          if (files?.length) props.onPick((onEach) => uploadFromInput(files, onEach)).finally(() => (input.value = ''));
        }}
      />
    </View>
  );
}
