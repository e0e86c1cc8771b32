// babel-preset-taro: React + TypeScript for the mini-program and H5 builds
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
