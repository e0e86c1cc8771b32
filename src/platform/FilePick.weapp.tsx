/**
 * WeChat: `files` picks documents from a chat (会议记录、选票统计), `image` one picture from the album
 * or the camera (a poster); each goes straight to cloud storage (callFunction data should stay under
 * 100 KB), into a path the server hands out for this user (`org.uploadSlot`), and is then registered
 * (`org.registerUpload`).
 */
import Taro from '@tarojs/taro';
import { call } from '../api';
import { Button } from '../components/nut';
import { CONTENT_TYPES, contentTypeOf, type Uploaded } from '../components/upload';
import type { PickButtonProps } from './FilePick';

async function uploadFromWeapp(kind: 'files' | 'image', onEach: (u: Uploaded) => void): Promise<void> {
  const picked: Array<{ name: string; path: string }> =
    kind === 'files'
      ? (await Taro.chooseMessageFile({ count: 5, type: 'all', extension: Object.keys(CONTENT_TYPES) })).tempFiles.map((f) => ({ name: f.name, path: f.path }))
      : (await Taro.chooseMedia({ count: 1, mediaType: ['image'], sizeType: ['compressed'] })).tempFiles.map((f) => ({
          name: `海报.${f.tempFilePath.split('.').pop()?.toLowerCase() || 'jpg'}`,
          path: f.tempFilePath,
        }));
  for (const f of picked) {
    const { cloudPath } = await call('org', 'uploadSlot', { name: f.name });
    const { fileID } = await Taro.cloud.uploadFile({ cloudPath, filePath: f.path });
    const ref = await call('org', 'registerUpload', { fileID, name: f.name, contentType: contentTypeOf(f.name) });
    onEach({ id: ref.id, name: ref.name, size: ref.size, preview: kind === 'image' ? f.path : undefined });
  }
}

export function PickButton(props: PickButtonProps) {
  return (
    <Button size='small' fill='outline' disabled={props.disabled} onClick={() => props.onPick((onEach) => uploadFromWeapp(props.kind, onEach))}>
      {props.weappLabel ?? props.label}
    </Button>
  );
}
