/** The tray icon: the engine's state in its tooltip and first row, Start / Stop / Restart, Open Berth and Quit. */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineStatus } from '../engine/contract/index.js';
import { trayMenu, type Busy, type TrayAction } from './tray-menu.js';

/**
 * The tray image: on macOS the packaged black "template" glyph, which the
 * menu bar recolours for light and dark; elsewhere the app icon at the
 * panel's size (16 px on Windows, 22 px on Linux panels).
 */
function trayImage(iconPath: string): Electron.NativeImage {
  const template = join(process.resourcesPath, 'icons', 'trayTemplate.png');
  if (process.platform === 'darwin' && existsSync(template)) {
    const image = nativeImage.createFromPath(template);
    image.setTemplateImage(true);
    return image;
  }
  const size = process.platform === 'linux' ? 22 : 16;
  return nativeImage.createFromPath(iconPath).resize({ width: size, height: size, quality: 'best' });
}

export class BerthTray {
  private readonly tray: Tray;
  private last = '';

  constructor(
    iconPath: string,
    private readonly act: (action: TrayAction) => void,
  ) {
    this.tray = new Tray(trayImage(iconPath));
    // Linux: most panels open the menu on click already; macOS and Windows show it on click too, for one behaviour everywhere.
    this.tray.on('click', () => this.tray.popUpContextMenu());
  }

  /** Draw the tray for the engine's status and what long jobs run (their count also as the tray's title, where the platform shows one). */
  show(status: EngineStatus | undefined, busy?: Busy): void {
    const { tooltip, items } = trayMenu(status, busy);
    this.tray.setTitle(busy?.count ? `${busy.count}` : '');
    const key = JSON.stringify(items);
    this.tray.setToolTip(tooltip);
    if (key === this.last) return;
    this.last = key;
    const template: MenuItemConstructorOptions[] = items.map((i) =>
      i.kind === 'separator'
        ? { type: 'separator' }
        : i.kind === 'label'
          ? { label: i.label, enabled: false }
          : { label: i.label, enabled: i.enabled, click: () => this.act(i.action) },
    );
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
  }

  destroy(): void {
    this.tray.destroy();
  }
}
